"""Readers of the API see what readers of the pages see: drafts never, in lists or alone."""

import pytest
from django.urls import reverse

from tests.api.helpers import every_item

pytestmark = pytest.mark.django_db


def test_draft_fact_is_neither_listed_nor_found(client, extras):
    slugs = {fact["slug"] for fact in every_item(client, "facts")}
    assert "draft-fact" not in slugs
    assert "railway-opened" in slugs
    assert client.get(reverse("api:fact", kwargs={"slug": "draft-fact"})).status_code == 404


def test_draft_article_is_neither_listed_nor_found(client, extras):
    slugs = {article["slug"] for article in every_item(client, "articles")}
    assert "draft-article" not in slugs
    assert "overlapping-passages" in slugs
    assert client.get(reverse("api:article", kwargs={"slug": "draft-article"})).status_code == 404


def test_draft_event_is_neither_listed_nor_found(client, extras):
    assert "draft-event" not in {event["slug"] for event in every_item(client, "events")}
    assert client.get(reverse("api:event", kwargs={"slug": "draft-event"})).status_code == 404


def test_citation_shows_only_when_fact_and_article_are_published(client, extras):
    citations = every_item(client, "citations")
    shown = {citation["citation_id"] for citation in citations}
    assert extras["citations"]["opened"].pk in shown
    assert extras["citations"]["draft-fact"].pk not in shown  # a draft fact on a published article
    assert not any(citation["article_slug"] == "draft-article" for citation in citations)
    fact = client.get(reverse("api:fact", kwargs={"slug": "railway-opened"})).json()
    assert {citation["article_slug"] for citation in fact["citations"]} == {"overlapping-passages"}


def test_draft_article_cited_by_a_published_fact_stays_hidden(client, extras):
    """``railway-opened`` cites the draft article too; only its published source shows and counts."""
    fact = client.get(reverse("api:fact", kwargs={"slug": "railway-opened"})).json()
    assert fact["source_count"] == 1
    assert fact["standing"] == "single_source"


def test_draft_is_no_filter_value(client, extras):
    """Filtering by a draft answers as for a slug that does not exist: nothing is confirmed."""
    by_draft = client.get(reverse("api:facts"), {"event": "draft-event"})
    by_nothing = client.get(reverse("api:facts"), {"event": "no-such-event"})
    assert by_draft.status_code == by_nothing.status_code == 404
    assert client.get(reverse("api:citations"), {"fact": "draft-fact"}).status_code == 404
    assert client.get(reverse("api:citations"), {"article": "draft-article"}).status_code == 404


def test_disputing_facts_are_listed_with_the_fact(client, extras):
    fact = client.get(reverse("api:fact", kwargs={"slug": "trade-doubled"})).json()
    assert fact["standing"] == "disputed"
    assert fact["disputed_by"] == ["trade-rose-a-third"]
