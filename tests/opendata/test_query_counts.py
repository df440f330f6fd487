"""Feeds, sitemap and downloads read a fixed number of queries at 1× and 10× the seed.

The downloads read their rows a chunk at a time (``CHUNK_SIZE``): measured again with
chunks of 100 rows, their count grows by a fixed number of queries per chunk and no more.
"""

import math
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from countries.models import CountryStatus
from events.models import Event
from facts.models import Fact
from fixture_sync.synthetic import grow_content
from opendata import datasets
from tests.helpers import kept_for_the_scope
from tests.opendata.conftest import body_of, build_in_this_process
from tests.pages import assert_no_query_twice

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PAGES = {
    "articles feed": reverse("opendata:articles-rss"),
    "articles atom": reverse("opendata:articles-atom"),
    "events feed": reverse("opendata:events-rss"),
    "events atom": reverse("opendata:events-atom"),
    "facts feed": reverse("opendata:facts-rss"),
    "facts atom": reverse("opendata:facts-atom"),
    "country feed": reverse("opendata:country-rss", kwargs={"slug": "china"}),
    "country atom": reverse("opendata:country-atom", kwargs={"slug": "china"}),
    "sitemap index": reverse("opendata:sitemap"),
    "sitemap of facts": reverse("opendata:sitemap-section", kwargs={"section": "facts"}),
    "sitemap of people": reverse("opendata:sitemap-section", kwargs={"section": "people"}),
    "sitemap of pages": reverse("opendata:sitemap-section", kwargs={"section": "pages"}),
    "robots.txt": reverse("opendata:robots"),
    "data page": reverse("opendata:data"),
}
DOWNLOADS = {
    f"{slug}.{extension}": reverse(f"opendata:{extension}", kwargs={"slug": slug})
    for slug in ("facts", "country-statuses", "events")
    for extension in ("csv", "json")
}

BUDGET = {
    "articles feed": 1,
    "articles atom": 1,
    "events feed": 1,
    "events atom": 1,
    "facts feed": 1,
    "facts atom": 1,
    "country feed": 4,  # the country, its facts, events and articles
    "country atom": 4,
    "sitemap index": 10,  # each of five sections of rows: its pages and its newest change
    "sitemap of facts": 2,  # the count, the page
    "sitemap of people": 2,
    "sitemap of pages": 0,
    "robots.txt": 0,
    "data page": 4,  # the version, a count per dataset
}
# The version (the request's, then its builder's), then per chunk: the rows (one cursor on SQLite) and one
# query per prefetch.
DOWNLOAD_FIXED = 3
PER_CHUNK = {"facts": 5, "country-statuses": 2, "events": 2}
ROWS = {
    "facts": lambda: Fact.objects.published().count(),
    "country-statuses": lambda: CountryStatus.objects.count(),
    "events": lambda: Event.objects.published().count(),
}


def query_count(client, url):
    """The queries of a GET, its streamed body read to the end, each query run once (a download built anew)."""
    cache.clear()
    shutil.rmtree(settings.DOWNLOADS_ROOT, ignore_errors=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body_of(response)
    assert response.status_code == 200, url
    # A download's builder (another process, here this one) reads the content version again.
    assert_no_query_twice([query["sql"] for query in queries.captured_queries if "contentversion" not in query["sql"]])
    return len(queries)


def measure(client, small_chunks):
    counts = {name: query_count(client, url) for name, url in PAGES.items()}
    with pytest.MonkeyPatch.context() as patch:
        # Whole files in one chunk here: how the count grows with chunks is the next test's.
        patch.setattr(datasets, "CHUNK_SIZE", 1_000_000)
        counts |= {name: query_count(client, url) for name, url in DOWNLOADS.items()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(datasets, "CHUNK_SIZE", small_chunks)
        chunked = {name: query_count(client, url) for name, url in DOWNLOADS.items()}
    rows = {slug: count() for slug, count in ROWS.items()}
    return counts, chunked, rows


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    client = Client()
    with kept_for_the_scope(django_db_blocker), django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        build_in_this_process(patch)
        at_1x = measure(client, small_chunks=100)
        grow_content(factor=9, seed=1)
        at_10x = measure(client, small_chunks=100)
        yield at_1x, at_10x


@pytest.mark.parametrize("name", [*PAGES, *DOWNLOADS])
def test_query_count_is_the_same_at_ten_times_the_content(counts, name):
    at_1x, at_10x = counts[0][0][name], counts[1][0][name]
    print(f"\nqueries {name}: {at_1x} at 1x, {at_10x} at 10x")
    assert at_1x == at_10x
    if name in BUDGET:
        assert at_1x <= BUDGET[name]


@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_grow_only_by_a_few_queries_per_chunk_of_rows(counts, name):
    slug = name.rsplit(".", 1)[0]
    for _, chunked, rows in counts:
        chunks = max(1, math.ceil(rows[slug] / 100))
        print(f"\nqueries {name}: {chunked[name]} for {rows[slug]} rows in chunks of 100")
        assert chunked[name] <= DOWNLOAD_FIXED + chunks * PER_CHUNK[slug]
    assert counts[1][2]["facts"] > 5 * counts[0][2]["facts"]  # the content did grow
