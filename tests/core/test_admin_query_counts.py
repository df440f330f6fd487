"""Each changelist loads its related rows up front: the same number of queries at 1× and 10× the seed."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Article
from facts.models import Fact
from fixture_sync.synthetic import grow_content
from tests.editors import make_user
from tests.helpers import kept_for_the_scope
from tests.pages import assert_no_query_twice, captured_sql

# Ordered with the tests that use the database, before any browser test's flush.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Changelist URL (with the query string an editor uses most) → most queries allowed, with the cache of
# derived figures (queue counts, the sidebars' most-linked rows) empty: fewer once it is filled.
CHANGELISTS = {
    "admin:core_topic_changelist": ("", 7),
    "admin:articles_outlet_changelist": ("", 7),
    "admin:articles_article_changelist": ("", 18),
    "admin:countries_country_changelist": ("", 9),
    "admin:countries_countrystatus_changelist": ("", 14),
    "admin:events_event_changelist": ("", 15),
    "admin:facts_fact_changelist": ("", 17),
    "admin:facts_fact_changelist#queue": ("?queue=unsourced", 17),
    "admin:facts_fact_changelist#search": ("?q=member", 17),
    "admin:facts_citation_changelist": ("", 10),
    "admin:sources_linkcheck_changelist#queue": ("?queue=look-at", 8),
    "admin:sources_capture_changelist": ("", 6),
    "admin:index": ("", 16),  # a count per curation queue; readers' reports counted on every view (two queues)
}


def count_queries(client, name, query):
    """Queries of a changelist with the derived figures' cache empty, none of them run twice."""
    statements, response = captured_sql(client, reverse(name.split("#")[0]) + query)
    assert_no_query_twice(statements)
    return len(statements), response


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    """Query counts of every changelist at 1× and at 10× the seed, for an editor, measured once."""
    editor_client = Client()
    with kept_for_the_scope(django_db_blocker), django_db_blocker.unblock():
        editor_client.force_login(make_user("counting-editor", staff=True, groups=[Group.objects.get(name="Editors")]))
        once = {name: count_queries(editor_client, name, query)[0] for name, (query, _) in CHANGELISTS.items()}
        facts, articles = Fact.objects.count(), Article.objects.count()
        assert facts >= 45 and articles >= 5
        grow_content(factor=9, seed=1)
        assert Fact.objects.count() >= 10 * facts and Article.objects.count() >= 10 * articles
        tenfold = {name: count_queries(editor_client, name, query)[0] for name, (query, _) in CHANGELISTS.items()}
        yield once, tenfold


def test_changelist_query_counts_do_not_grow_with_the_rows(scaled):
    once, tenfold = scaled
    print("\nqueries per page at 1× and 10×:")
    for name in CHANGELISTS:
        print(f"  {name:45} {once[name]:3} {tenfold[name]:3}")
    assert tenfold == once
    over = {name: once[name] for name, (_, ceiling) in CHANGELISTS.items() if once[name] > ceiling}
    assert over == {}


def test_a_changelist_shows_the_seed_rows_with_their_derived_values(seed, editor_client):
    _, response = count_queries(editor_client, "admin:facts_fact_changelist", "")
    changelist = response.context["cl"]
    assert changelist.result_count == Fact.objects.count()
    standings = {fact.standing for fact in changelist.result_list}
    assert "corroborated" in standings or "single_source" in standings
