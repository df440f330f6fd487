"""List items and filter forms cached as HTML under the content version (core.fragments)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.changes import content_changed
from core.fragments import may_share
from events.models import Event
from facts.models import Fact
from tests.editors import admin_form_data
from tests.pages import parse, text_of

LISTS = ("facts:list", "articles:list", "events:list")


def first_fact():
    return Fact.objects.published().order_by("slug").first()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def rename_behind_djangos_back(fact, statement):
    """A change nobody announces: the content version stays, as a cached fragment would."""
    Fact.objects.filter(pk=fact.pk).update(statement=statement)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_from_cached_fragments_is_the_list_rendered_afresh(seed, name):
    url = reverse(name)
    cold = Client().get(url)
    warm = Client().get(url)
    assert warm.content == cold.content
    page = warm.context["page_obj"]
    assert len(warm.context["items"]) == len(page.object_list) == min(page.paginator.count, page.paginator.per_page)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_seen_again_reads_only_the_version(seed, name):
    url = reverse(name)
    first = Client().get(url)
    count, response = queries_of(Client(), url + "?utm_source=newsletter")
    assert count == 1  # the content version: the page's rows and their HTML are one cache entry
    assert [item.row for item in response.context["items"]] == [item.row for item in first.context["items"]]
    assert response.context["items"]


def test_each_page_of_a_list_is_kept_apart(seed):
    url = reverse("facts:list")
    pages = {}
    for number in (1, 2, 1, 2):
        response = Client().get(url, {"page": number})
        pks = [item.row.pk for item in response.context["items"]]
        assert pks == [fact.pk for fact in response.context["page_obj"].object_list]
        pages.setdefault(number, pks)
        assert pages[number] == pks
    assert pages[1] and pages[2] and not set(pages[1]) & set(pages[2])


def test_items_are_read_from_the_fragment_cache(seed):
    """Shown by a change the content version does not hear of: the cached item stays."""
    fact = first_fact()
    Client().get(reverse("facts:list"))
    rename_behind_djangos_back(fact, "A statement nobody announced.")
    assert "A statement nobody announced." not in Client().get(reverse("facts:list")).content.decode()


def test_an_announced_change_is_on_the_next_list(seed, django_capture_on_commit_callbacks):
    fact = first_fact()
    Client().get(reverse("facts:list"))
    rename_behind_djangos_back(fact, "The statement as edited.")
    with django_capture_on_commit_callbacks(execute=True):
        content_changed(Fact, [fact.pk])
    page = Client().get(reverse("facts:list")).content.decode()
    assert "The statement as edited." in page
    assert fact.statement not in page


def test_an_edit_in_the_admin_is_on_the_next_list(seed, editor_client, django_capture_on_commit_callbacks):
    fact = first_fact()
    reader = Client()
    assert fact.statement in reader.get(reverse("facts:list")).content.decode()
    change = reverse("admin:facts_fact_change", args=[fact.pk])
    data = {**admin_form_data(editor_client.get(change)), "statement": "Edited in the admin, shown at once."}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change, data).status_code == 302
    assert "Edited in the admin, shown at once." in reader.get(reverse("facts:list")).content.decode()


def test_unknown_query_parameters_change_nothing(seed):
    url = reverse("facts:list")
    plain = Client().get(url, {"standing": "single_source"})
    tagged = Client().get(url, {"standing": "single_source", "utm_source": "x", "bench": "1-2"})
    assert text_of(tagged) == text_of(plain)
    assert [item.html for item in tagged.context["items"]] == [item.html for item in plain.context["items"]]
    assert tagged.context["filter_form"] == plain.context["filter_form"]
    assert tagged.context["page_obj"].paginator.count == plain.context["page_obj"].paginator.count


def test_unknown_query_parameters_share_the_cached_counts_and_form(seed):
    url = reverse("facts:list") + "?country=china"
    Client().get(url)
    count, _ = queries_of(Client(), url + "&utm_source=x&page=1")
    assert count == 2  # the content version, the country named


def test_a_filter_that_is_not_understood_is_still_reported_from_the_cache(seed):
    url = reverse("facts:list") + "?standing=nonsense"
    for _ in range(2):
        page = text_of(Client().get(url))
        assert "Some filters were not understood" in page


def test_editors_neither_read_nor_write_fragments(seed, editor_client):
    fact = first_fact()
    url = reverse("facts:list")
    editor_client.get(url)  # stores nothing ...
    rename_behind_djangos_back(fact, "Renamed after the visit of the editor.")
    assert "Renamed after the visit of the editor." in Client().get(url).content.decode()
    rename_behind_djangos_back(fact, "Renamed after the visit of a reader.")  # ... and reads nothing
    assert "Renamed after the visit of a reader." in editor_client.get(url).content.decode()


def test_previews_do_not_share_fragments(rf):
    assert not may_share(rf.get("/facts/", {"preview": "1"}))
    assert not may_share(rf.get("/facts/", HTTP_COOKIE="sessionid=x"))
    assert may_share(rf.get("/facts/", {"utm_source": "x"}))


def test_events_stay_grouped_by_year_from_cached_fragments(seed):
    url = reverse("events:list")
    cold = parse(Client().get(url)).headings
    warm = parse(Client().get(url)).headings
    assert warm == cold
    years = {event.start_date.year for event in Event.objects.published().chronological()[:30] if event.start_date}
    assert {int(text) for level, text in warm if level == 3 and text.isdigit()} == years
