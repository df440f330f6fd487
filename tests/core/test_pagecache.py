"""Public pages cached whole for anonymous readers, keyed by the content version."""

import datetime
import gzip
import math

import pytest
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core.pagecache import accepts_encoding, is_cacheable_response
from core.version import bump_content_version, current
from tests.editors import action_data, admin_form_data

PUBLIC_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=30"


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production, and empty."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_CONTROL = PUBLIC_CONTROL
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(page_cache):
    return Client()


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now()`` set by the test (the content version's changed_at and the page cache read it),
    at first two seconds ahead: past the second of the seed's last change."""

    class Clock:
        now = timezone.now() + datetime.timedelta(seconds=2)

        def at(self, timestamp):
            self.now = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def no_view_code(monkeypatch):
    """A client whose requests fail if they reach the URL resolver or a view."""

    def refuse(handler, request):
        raise AssertionError(f"view code ran for {request.path}")

    def install():
        monkeypatch.setattr(BaseHandler, "_get_response", refuse)
        return Client()

    return install


def test_an_anonymous_page_is_answered_from_the_cache_the_second_time(reader, seed, django_assert_num_queries):
    first = reader.get(reverse("facts:list"))
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version, nothing else
        second = reader.get(reverse("facts:list"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_a_hit_runs_no_view_code(reader, seed, no_view_code):
    url = reverse("articles:list")
    reader.get(url)
    again = no_view_code().get(url)
    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit"
    assert "<html" in again.content.decode()


def test_the_query_string_is_part_of_the_key(reader, seed):
    assert reader.get(reverse("search:search"), {"q": "summit"})["X-Page-Cache"] == "miss"
    other = reader.get(reverse("search:search"), {"q": "Belarus"})
    assert other["X-Page-Cache"] == "miss"
    assert reader.get(reverse("search:search"), {"q": "summit"})["X-Page-Cache"] == "hit"


def test_security_headers_and_the_csp_are_on_a_cached_page(reader, seed):
    reader.get("/")
    hit = reader.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Permissions-Policy"]


def test_an_edit_in_the_admin_is_visible_on_the_next_anonymous_request(
    reader, editor_client, content, django_capture_on_commit_callbacks
):
    article = content["article"]
    url = reverse("articles:list")
    assert article.title in reader.get(url).content.decode()
    assert reader.get(url)["X-Page-Cache"] == "hit"
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = {**admin_form_data(editor_client.get(change)), "title": "Belarus is now a member"}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change, data).status_code == 302
    after = reader.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Belarus is now a member" in after.content.decode()
    assert article.title not in after.content.decode()


def test_unpublishing_in_bulk_removes_the_article_from_the_cached_list_at_once(
    reader, editor_client, content, django_capture_on_commit_callbacks
):
    article = content["article"]
    assert article.title in reader.get(reverse("articles:list")).content.decode()
    reader.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:articles_article_changelist"), action_data("unpublish", article))
    assert article.title not in reader.get(reverse("articles:list")).content.decode()
    assert reader.get(article.get_absolute_url()).status_code == 404


def test_a_logged_in_editor_never_gets_nor_fills_a_cached_page(page_cache, editor_client, seed):
    url = reverse("facts:list")
    for _ in range(2):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert Client().get(url)["X-Page-Cache"] == "miss"  # the editor stored nothing
    assert editor_client.get(url).get("X-Page-Cache") is None  # nor reads what a reader stored


def test_a_session_cookie_bypasses_the_cache(reader, seed):
    reader.get("/")
    reader.cookies["sessionid"] = "whatever"
    response = reader.get("/")
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_staff_preview_is_private(page_cache, editor_client, content):
    draft = content["draft_article"]
    response = editor_client.get(draft.get_absolute_url(), {"preview": "1"})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_matching_if_none_match_gets_a_304_before_any_view_code(reader, seed, no_view_code):
    url = reverse("facts:list")
    etag = reader.get(url)["ETag"]
    assert etag.startswith('W/"')
    cache.clear()  # not even the cache is needed
    response = no_view_code().get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == PUBLIC_CONTROL
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_if_modified_since_the_last_change_gets_a_304(reader, seed, clock):
    last_modified = reader.get("/")["Last-Modified"]
    assert reader.get("/", headers={"If-Modified-Since": last_modified}).status_code == 304


def test_a_new_content_version_changes_the_etag(reader, seed, django_capture_on_commit_callbacks):
    etag = reader.get("/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    response = reader.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["X-Page-Cache"] == "miss"


def test_the_etag_differs_per_url(reader, seed):
    assert reader.get("/")["ETag"] != reader.get(reverse("facts:list"))["ETag"]


def test_public_pages_tell_proxies_they_may_cache(reader, seed):
    for url in ("/", reverse("facts:list"), reverse("events:list"), reverse("countries:list")):
        response = reader.get(url)
        assert response["Cache-Control"] == PUBLIC_CONTROL
        assert "Accept-Encoding" in response["Vary"]
        assert "Cookie" not in response.get("Vary", "")


def test_the_admin_and_errors_are_never_cached(reader, seed):
    login = reader.get(reverse("admin:login"))
    assert login.status_code == 200
    assert "no-store" in login["Cache-Control"]
    assert "X-Page-Cache" not in login
    missing = reader.get("/articles/no-such-article/")
    assert missing.status_code == 404
    assert "no-store" in missing["Cache-Control"]


def test_healthz_is_never_cached(reader, seed):
    for _ in range(2):
        response = reader.get("/healthz")
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"]
        assert "X-Page-Cache" not in response


def test_posts_are_not_cached(reader, seed):
    response = reader.post(reverse("search:search"), {"q": "summit"})
    assert "X-Page-Cache" not in response


def test_public_html_is_gzipped_for_a_reader_who_accepts_it(reader, seed):
    plain = reader.get(reverse("facts:list"))
    for _ in range(2):  # the miss and the hit
        compressed = reader.get(reverse("facts:list"), headers={"Accept-Encoding": "gzip, br"})
        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content) == plain.content
        assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 3
    assert compressed["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in reader.get(reverse("facts:list"))


def test_the_admin_is_not_compressed(page_cache, editor_client, seed):
    for url in (reverse("admin:index"), reverse("admin:facts_fact_changelist"), reverse("admin:login")):
        response = editor_client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code in (200, 302)
        assert "Content-Encoding" not in response
    anonymous_login = Client().get(reverse("admin:login"), headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in anonymous_login


def test_the_page_cache_is_off_in_the_tests_unless_turned_on(client, seed):
    assert "X-Page-Cache" not in client.get("/")
    assert "ETag" not in client.get("/")


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(status=404),
        HttpResponse(headers={"Vary": "Cookie"}),
        HttpResponse(headers={"Cache-Control": "private"}),
    ],
    ids=["not found", "varies on cookie", "private"],
)
def test_responses_a_reader_cannot_share_are_not_cacheable(response):
    assert not is_cacheable_response(response)


def test_a_response_setting_a_cookie_is_not_cacheable():
    response = HttpResponse()
    response.set_cookie("csrftoken", "x")
    assert not is_cacheable_response(response)
    assert is_cacheable_response(HttpResponse(headers={"Vary": "Accept-Encoding"}))


def test_unknown_parameters_and_empty_fields_share_the_plain_pages_entry(reader, seed, no_view_code):
    url = reverse("facts:list")
    assert reader.get(url, {"standing": "corroborated"})["X-Page-Cache"] == "miss"
    client = no_view_code()
    for query in (
        {"standing": "corroborated", "utm_source": "newsletter", "bench": "1-2"},
        {"country": "", "event": "", "standing": "corroborated", "page": "1"},
    ):
        assert client.get(url, query)["X-Page-Cache"] == "hit", query


def test_parameters_in_another_order_share_an_entry(reader, seed):
    url = reverse("facts:list")
    first = reader.get(f"{url}?standing=single_source&country=china")
    again = reader.get(f"{url}?country=china&standing=single_source")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["ETag"] == first["ETag"]


def test_a_page_number_out_of_range_shows_the_last_page_and_is_not_stored(reader, seed):
    url = reverse("facts:list")
    for _ in range(2):
        response = reader.get(url, {"page": "999"})
        assert response.status_code == 200
        assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages > 1
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
    last = response.context["page_obj"].number
    assert reader.get(url, {"page": last})["X-Page-Cache"] == "miss"


def test_last_modified_is_the_next_second_and_only_once_it_has_begun(
    reader, seed, clock, django_capture_on_commit_callbacks
):
    second = math.ceil(clock.now.timestamp()) + 10
    clock.at(second + 0.25)
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()
    assert current()[1].timestamp() == second + 0.25
    early = reader.get("/")
    assert "Last-Modified" not in early  # still the second of the change
    clock.at(second + 1)
    for response in (reader.get("/"), reader.get("/")):  # a hit of the entry stored without it too
        assert response["Last-Modified"] == http_date(second + 1)
    assert response["X-Page-Cache"] == "hit"
    assert reader.get("/", headers={"If-Modified-Since": http_date(second + 1)}).status_code == 304
    assert reader.get("/", headers={"If-Modified-Since": http_date(second)}).status_code == 200


def test_two_edits_within_one_second_never_get_a_stale_304(reader, content, clock, django_capture_on_commit_callbacks):
    """The same second for both edits, a reader revalidating by date alone in between: each time the new page."""
    article = content["article"]
    url = reverse("articles:list")
    second = math.ceil(clock.now.timestamp()) + 10

    def edit(at, title):
        clock.at(at)
        with django_capture_on_commit_callbacks(execute=True):
            type(article).objects.filter(pk=article.pk).update(title=title)
            bump_content_version()

    def revalidate(at, since):
        clock.at(at)
        return reader.get(url, headers={"If-Modified-Since": since} if since else {})

    edit(second + 0.2, "First title")
    first = revalidate(second + 0.5, None)
    assert "First title" in first.content.decode()
    edit(second + 0.7, "Second title")
    # The date the page used to carry (the change rounded up) no longer answers 304.
    again = revalidate(second + 0.9, first.get("Last-Modified", http_date(second + 1)))
    assert again.status_code == 200
    assert "Second title" in again.content.decode()
    assert "Last-Modified" not in first
    dated = revalidate(second + 1.0, None)
    assert dated["Last-Modified"] == http_date(second + 1)
    edit(second + 1.0, "Third title")  # the very instant that date begins
    for at in (second + 1.5, second + 2.5):
        response = revalidate(at, dated["Last-Modified"])
        assert response.status_code == 200
        assert "Third title" in response.content.decode()
    assert response["Last-Modified"] == http_date(second + 2)
    assert revalidate(second + 3, response["Last-Modified"]).status_code == 304


def test_if_none_match_wins_over_if_modified_since(reader, seed, clock):
    first = reader.get("/")
    stale = reader.get("/", headers={"If-None-Match": 'W/"other"', "If-Modified-Since": first["Last-Modified"]})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP;Q=0.5, br", True),
        ("x-gzip", True),
        ("*", True),
        ("identity;q=0, *;q=0.1", True),
        ("gzip;q=0", False),
        ("br, gzip;q=0.000", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),
        ("identity", False),
        ("deflate, br", False),
        ("gzip;q=2", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(header, accepted):
    assert accepts_encoding(header, "gzip") is accepted


@pytest.mark.parametrize("header", ["gzip;q=0", "br, gzip;q=0", "*;q=0", "gzip;q=0, *"])
def test_a_reader_refusing_gzip_gets_the_page_plain(reader, seed, header):
    plain = reader.get(reverse("facts:list"))
    reader.get(reverse("facts:list"), headers={"Accept-Encoding": "gzip"})  # a gzip entry stored too
    for _ in range(2):  # a miss or hit of its own entry, never the gzip one
        response = reader.get(reverse("facts:list"), headers={"Accept-Encoding": header})
        assert "Content-Encoding" not in response
        assert response.content == plain.content
    assert response["X-Page-Cache"] == "hit"


def test_a_reader_accepting_any_encoding_gets_gzip(reader, seed):
    response = reader.get(reverse("facts:list"), headers={"Accept-Encoding": "*"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
