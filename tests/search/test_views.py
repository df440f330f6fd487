import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article
from core.models import PublicationStatus
from facts.models import Fact
from search.index import on_content_changed, rebuild_search_index
from search.models import SearchEntry
from search.query import ELLIPSIS, get_backend
from search.query import SearchResults as search
from search.spelling import query_terms
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def hits(client, **params):
    return client.get(reverse("search:search"), params).context["hits"]


def test_search_finds_articles_countries_events_and_facts(client, site):
    kinds = {hit.kind for hit in hits(client, q="Astana")}
    assert {"article", "event", "fact"} <= kinds
    belarus = hits(client, q="Belarus")
    assert ("country", "Belarus") in [(h.kind, getattr(h.object, "name", None)) for h in belarus[:3]]


def test_search_shows_the_matching_passage(client, site):
    response = client.get(reverse("search:search"), {"q": "formally accepted"})
    article_hits = [hit for hit in response.context["hits"] if hit.kind == "article"]
    assert article_hits
    snippet = str(article_hits[0].snippet)
    assert "<mark>formally</mark> <mark>accepted</mark>" in snippet
    assert "10th member state" in snippet
    assert '<p class="snippet">' in response.content.decode()


def title_of(hit):
    return getattr(hit.object, "statement", None) or getattr(hit.object, "title", None) or hit.object.name


def test_search_is_ranked_title_matches_first(client, site):
    ranked = hits(client, q="Tianjin summit")
    assert len(ranked) > 10
    for hit in ranked[:8]:
        assert "tianjin" in title_of(hit).lower() and "summit" in title_of(hit).lower(), title_of(hit)
    assert "SCO Tianjin Summit" in [title_of(hit) for hit in ranked[:10]]


def test_search_stems_words(client, site):
    singular = {(h.kind, h.object_id) for h in search("member state")[0:200]}
    plural = {(h.kind, h.object_id) for h in search("members states")[0:200]}
    assert singular and singular == plural


def test_search_by_kind_with_counts(client, site):
    response = client.get(reverse("search:search"), {"q": "Belarus", "kind": "fact"})
    assert response.context["hits"] and all(hit.kind == "fact" for hit in response.context["hits"])
    counts = {kind: count for kind, _, count in response.context["kind_counts"]}
    assert counts["fact"] == response.context["page_obj"].paginator.count
    assert counts["country"] == 1
    assert ("?q=Belarus&kind=country", "countries (1)") in parse(response).links


def test_fact_hits_carry_their_standing(client, site):
    response = client.get(reverse("search:search"), {"q": "eight member states", "kind": "fact"})
    assert "superseded" in text_of(response)


def test_drafts_are_not_found(client, extras):
    assert not hits(client, q="draft")
    kinds_ids = {(h.kind, h.object_id) for h in search("claim still")[0:50]}
    assert ("fact", extras["draft_fact"].pk) not in kinds_ids


def test_index_follows_an_announced_edit(client, extras):
    article = extras["second"]
    article.title = "Customs figures on the corridor"
    article.save()
    assert not hits(client, q="corridor")
    on_content_changed(sender=None, changes={Article: {article.pk}})
    cache.clear()  # committed, the change would give a new content version: results are cached under it
    assert [h.object_id for h in hits(client, q="corridor")] == [article.pk]

    article.status = PublicationStatus.DRAFT
    article.save()
    on_content_changed(sender=None, changes={Article: {article.pk}})
    cache.clear()
    assert not hits(client, q="corridor")
    fact_entry = SearchEntry.objects.get(kind="fact", object_id=extras["third"].pk)
    assert "rose by a third" not in fact_entry.body, "facts quoting the article are re-indexed with it"


def test_a_stale_entry_for_unpublished_content_is_not_shown(client, extras):
    Article.objects.filter(pk=extras["second"].pk).update(status=PublicationStatus.DRAFT)
    assert extras["second"].pk not in [h.object_id for h in hits(client, q="customs", kind="article")]


def test_search_results_paginate_and_keep_the_query(client, site, grown):
    grown(3)
    rebuild_search_index()
    response = client.get(reverse("search:search"), {"q": "synthetic", "kind": "article"})
    assert response.context["page_obj"].paginator.count == 15
    response = client.get(reverse("search:search"), {"q": "synthetic"})
    assert response.context["page_obj"].has_next()
    next_link = next(href for href, text in parse(response).links if text.startswith("Next"))
    assert "q=synthetic" in next_link and "page=2" in next_link
    second = client.get(reverse("search:search") + next_link)
    first_ids = {(h.kind, h.object_id) for h in response.context["hits"]}
    second_ids = {(h.kind, h.object_id) for h in second.context["hits"]}
    assert second_ids and not first_ids & second_ids


def test_search_reads_only_the_index_not_the_article_bodies(client, site, grown):
    """Articles are read only by primary key, for the hits shown; matching uses the index."""
    grown(2)
    rebuild_search_index()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("search:search"), {"q": "railway"})
    for query in queries:
        sql = query["sql"]
        if re.search(r'FROM "articles_article"', sql):
            assert re.search(r'"articles_article"\."id" IN \(', sql), sql
        assert " LIKE " not in sql, sql


def test_matching_uses_the_full_text_index(site):
    matches = get_backend().matches(query_terms("belarus member"))
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "search_searchentry_vector_gin" in plan, plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
    assert matches.count() > 0


def test_query_syntax_in_the_query_is_just_words(site):
    assert query_terms('NEAR("a" b) AND * OR -x') == ["near", "b", "x"]  # "a", "and", "or": stop words
    assert search('"unbalanced').count() == 0
    assert search("").count() == 0
    assert search("!!! ---")[0:20] == []


def test_rebuild_command_reports_what_it_indexed(site):
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "article 5" in out.getvalue() and "country 26" in out.getvalue()
    assert SearchEntry.objects.filter(kind="country").count() == 26


def test_a_snippet_keeps_the_fields_of_an_entry_apart(seed):
    belarus = SearchEntry.objects.get(kind="country", title="Belarus")
    assert "Europe BLR" not in belarus.about
    assert " · ISO code BLR" in belarus.about


def test_a_snippet_is_cut_from_what_a_reader_reads_not_from_the_words_only_matched(client, site):
    """An event's kind, host and dates, a fact's topic: they find the entry but are not shown as its text."""
    contest = next(hit for hit in hits(client, q="SCO") if hit.object.slug == "sco-countries-worker-skills-contest")
    shown = unescape(strip_tags(str(contest.snippet)))
    assert "organized by China during its presidency" in shown and "·" not in shown and "undated" not in shown
    fact = Fact.objects.get(slug="belarus-tenth-member-astana-2024")
    shown = next(hit.snippet for hit in hits(client, q="belaruss") if hit.object == fact)
    assert "<mark>Belarus</mark> was formally accepted" in shown and "Membership" not in shown
    assert ("fact", fact.pk) in {(hit.kind, hit.object_id) for hit in search("belarus enlargement")[0:100]}
    for hit in hits(client, q="summit"):
        entry = SearchEntry.objects.get(kind=hit.kind, object_id=hit.object_id)
        assert unescape(strip_tags(str(hit.snippet))).strip(ELLIPSIS) in entry.body


def test_a_count_beyond_what_can_be_paged_reads_as_a_floor(client, seed, monkeypatch):
    monkeypatch.setattr("search.query.SHOWN_AT_MOST", 3)
    response = client.get(reverse("search:search"), {"q": "summit"})
    assert "3+ results for" in text_of(response)
    assert response.context["page_obj"].paginator.count == 3
    assert response.context["results"].total > 3
