"""Readers report a problem on a fact or an article: kept for the editors as a queue, limited
per address, and outside the content (no page changes, nothing enters the page cache)."""

import secrets
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.changes import changed
from core.version import content_version
from facts.models import Fact
from reports import views
from reports.forms import ReportForm
from reports.models import Report
from tests.editors import admin_form_data

PROBLEM = "The summit was in 2024, not 2023."


def report_url(kind, slug):
    return reverse("reports:report", args=[kind, slug])


def send(client, url, **extra):
    return client.post(url, {"problem": PROBLEM, "source_url": "", "email": "", "website": ""}, **extra)


def test_a_report_on_a_fact_reaches_the_editors_queue_with_a_link_to_the_fact(client, editor_client, content):
    fact = content["fact"]
    reader = Client()
    response = send(reader, report_url("fact", fact.slug))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:sent", args=["fact", fact.slug])
    assert "Thank you" in reader.get(response["Location"]).content.decode()
    report = Report.objects.get()
    assert (report.fact, report.article, report.status, report.problem) == (fact, None, Report.Status.NEW, PROBLEM)
    assert len(report.sender) == 64 and "127.0.0.1" not in report.sender

    index = editor_client.get(reverse("admin:index"))
    counts = {item["queue"].slug: item["count"] for item in index.context["queues"]}
    assert (counts["new"], counts["accepted"]) == (1, 0)
    queue = editor_client.get(reverse("admin:reports_report_changelist"), {"queue": "new"})
    html = queue.content.decode()
    assert PROBLEM in html
    assert reverse("admin:facts_fact_change", args=[fact.pk]) in html

    change = reverse("admin:reports_report_change", args=[report.pk])
    assert editor_client.post(change, {"status": "accepted", "editors_note": "Checked."}).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    index = editor_client.get(reverse("admin:index"))
    counts = {item["queue"].slug: item["count"] for item in index.context["queues"]}
    assert (counts["new"], counts["accepted"]) == (0, 1)


def test_two_editors_triaging_one_report_the_second_save_is_refused_not_lost(editor_client, content):
    send(Client(), report_url("fact", content["fact"].slug))
    report = Report.objects.get()
    change = reverse("admin:reports_report_change", args=[report.pk])
    first, second = (admin_form_data(editor_client.get(change)) for _ in range(2))
    assert first["loaded_revision"] == str(report.revision)
    assert editor_client.post(change, {**first, "status": "accepted"}).status_code == 302
    refused = editor_client.post(change, {**second, "status": "rejected"})
    assert refused.status_code == 200
    assert (
        "Status: now “accepted: to be fixed”, yours “rejected”."
        in refused.context["adminform"].form.non_field_errors()
    )
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


def test_a_report_on_an_article_is_kept_with_its_source_address_and_email(client, content):
    article = content["article"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert report_url("article", article.slug) in page
    data = {"problem": "Wrong byline.", "source_url": "example.org/a", "email": "r@example.org"}  # https assumed
    assert client.post(report_url("article", article.slug), data).status_code == 302
    report = Report.objects.get()
    assert (report.article, report.source_url, report.email) == (article, "https://example.org/a", "r@example.org")


def test_the_form_says_what_is_kept_and_links_from_the_fact_page(client, content):
    fact = content["fact"]
    assert report_url("fact", fact.slug) in client.get(fact.get_absolute_url()).content.decode()
    html = client.get(report_url("fact", fact.slug)).content.decode()
    assert "What we keep, and why" in html
    assert "no email is sent" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_bad_report_is_refused_with_a_message_and_nothing_is_kept(client, content):
    url = report_url("fact", content["fact"].slug)
    response = client.post(url, {"problem": "", "source_url": "not an address", "email": "nobody"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The report was not sent" in html and "Enter a valid URL." in html
    assert Report.objects.count() == 0


def test_text_the_server_could_not_read_is_refused_and_not_counted(client, content, monkeypatch):
    """A body that is not UTF-8 reads as U+FFFD: refused with a message, neither kept nor counted."""
    monkeypatch.setattr(views, "LIMIT", 1)
    url = report_url("fact", content["fact"].slug)
    body = "problem=%ED%A0%80&source_url=&email=&website="  # a lone surrogate: not valid UTF-8
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "problem": ["Some characters could not be read (shown as �): please type them again."]
    }
    assert 'id="id_problem_error"' in response.content.decode()
    assert Report.objects.count() == 0
    assert send(client, url).status_code == 302  # the limit of one is still unused


@pytest.mark.parametrize("kind, slug", [("fact", "unsourced-claim"), ("article", "draft-article"), ("event", "x")])
def test_drafts_and_other_kinds_take_no_reports(client, content, kind, slug):
    assert client.get(report_url(kind, slug)).status_code == 404
    assert send(client, report_url(kind, slug)).status_code == 404


def test_the_honeypot_is_thanked_and_nothing_is_kept(client, content):
    url = report_url("fact", content["fact"].slug)
    response = client.post(url, {"problem": PROBLEM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert Report.objects.count() == 0


def test_the_form_refuses_a_post_without_the_csrf_token(content):
    reader = Client(enforce_csrf_checks=True)
    assert send(reader, report_url("fact", content["fact"].slug)).status_code == 403
    assert Report.objects.count() == 0


def test_twenty_rapid_reports_from_one_address_are_refused_after_the_limit(content):
    url = report_url("fact", content["fact"].slug)
    reader = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [send(reader, url).status_code for _ in range(20)]
    assert statuses == [302] * views.LIMIT + [429] * (20 - views.LIMIT)
    refused = send(reader, url)
    assert f"You have sent {views.LIMIT} reports in the last hour" in refused.content.decode()
    assert "Nothing was saved" in refused.content.decode()
    assert Report.objects.count() == views.LIMIT
    assert send(Client(REMOTE_ADDR="203.0.113.10"), url).status_code == 302  # another address still may


def test_reports_in_flight_together_from_one_address_stop_at_the_limit(seed, monkeypatch):
    """Two requests, each counting before the other saves: without the sender's lock on PostgreSQL
    both would pass the count (SQLite's one writer at a time makes them take turns anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time")
    fact, sender, outcome = Fact.objects.published().first(), secrets.token_hex(32), {}  # as sender_of() makes

    def take(index):  # a request of its own, on its own connection, committed
        try:
            form = ReportForm({"problem": PROBLEM, "source_url": "", "email": "", "website": ""})
            outcome[index] = form.is_valid() and views.take(form, sender=sender, record=fact)
        finally:
            connection.close()

    def in_threads(*indexes):
        threads = [threading.Thread(target=take, args=(index,)) for index in indexes]
        for thread in threads:
            thread.start()
            time.sleep(0.1)
        for thread in threads:
            thread.join()

    try:
        in_threads(*range(views.LIMIT - 1))
        save = ReportForm.save
        monkeypatch.setattr(ReportForm, "save", lambda form: time.sleep(0.5) or save(form))  # the other counts now
        in_threads("first", "second")
        assert (outcome["first"], outcome["second"]) == (True, False)
        assert Report.objects.filter(sender=sender).count() == views.LIMIT
    finally:
        cleanup = threading.Thread(target=lambda: (Report.objects.filter(sender=sender).delete(), connection.close()))
        cleanup.start()
        cleanup.join()


def test_behind_the_proxy_the_limit_follows_the_client_address_the_proxy_appended(settings, content):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0  # one proxy (TRUSTED_PROXY_COUNT=1), at REMOTE_ADDR
    url = report_url("fact", content["fact"].slug)
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for index in range(views.LIMIT):  # a client writing a new address on the left each time
        assert send(proxy, url, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}, 203.0.113.9").status_code == 302
    assert send(proxy, url, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9").status_code == 429
    assert send(proxy, url, HTTP_X_FORWARDED_FOR="203.0.113.77").status_code == 302  # another reader, same proxy


def test_a_report_neither_changes_the_content_version_nor_enters_the_page_cache(
    settings, content, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    fact, reader = content["fact"], Client()
    announced = []

    def listen(sender, changes, **kwargs):
        announced.append(changes)

    changed.connect(listen)
    try:
        assert reader.get(fact.get_absolute_url())["X-Page-Cache"] == "miss"
        keys, version = set(cache._cache), content_version()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            form = reader.get(report_url("fact", fact.slug))
            sent = send(reader, report_url("fact", fact.slug))
            thanks = reader.get(sent["Location"])
    finally:
        changed.disconnect(listen)
    assert Report.objects.count() == 1
    assert (announced, callbacks, content_version()) == ([], [], version)
    assert set(cache._cache) == keys
    for response in (form, sent, thanks):
        assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert reader.get(fact.get_absolute_url())["X-Page-Cache"] == "hit"
