"""A list seen again (another page-cache key, the same content version) runs a fixed few
queries, on the seed and at ten times its volume: its items, filter form, count and facets
and the page's rows come from the cache (core.fragments, core.caching): only the content
version is read."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fixture_sync.synthetic import grow_content
from tests.helpers import kept_for_the_scope
from tests.pages import assert_no_query_twice

pytestmark = pytest.mark.django_db

# The content version; a filter by a related row also looks that row up.
LISTS = {
    "fact list": (reverse("facts:list"), 1),
    "fact list, filtered": (reverse("facts:list") + "?country=china&standing=single_source", 2),
    "article list": (reverse("articles:list"), 1),
    "article list, filtered": (reverse("articles:list") + "?country=china&o=title&page=2", 2),
    "event list": (reverse("events:list"), 1),
    "event list, filtered": (reverse("events:list") + "?country=china&kind=summit", 2),
}


def warm_queries(client, url):
    """The SQL of a second GET of ``url`` under another query string, the first having filled the cache."""
    cache.clear()
    assert client.get(url).status_code == 200
    again = url + ("&" if "?" in url else "?") + "utm_source=newsletter"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(again).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert_no_query_twice(statements)
    return len(statements)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    client = Client()
    with kept_for_the_scope(django_db_blocker), django_db_blocker.unblock():
        at_1x = {name: warm_queries(client, url) for name, (url, _) in LISTS.items()}
        grow_content(factor=9, seed=1)
        at_10x = {name: warm_queries(client, url) for name, (url, _) in LISTS.items()}
        yield at_1x, at_10x


@pytest.mark.parametrize("name", LISTS)
def test_a_list_seen_again_runs_a_fixed_few_queries(counts, name):
    at_1x, at_10x = counts[0][name], counts[1][name]
    assert at_1x == at_10x == LISTS[name][1]
