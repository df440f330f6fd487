"""The reader's queries of ``reader_queries``: at least 90 % find a right page in the first three
results, on whichever database the suite runs on (the share and the misses are printed)."""

import pytest

from search.index import SOURCES
from search.query import forgiving_search

from .reader_queries import READER_QUERIES

pytestmark = pytest.mark.django_db
TOP = 3
SHARE = 0.9


def first_pages(query):
    results, _ = forgiving_search(query)
    return [(hit.kind, SOURCES[hit.kind].public.model.objects.get(pk=hit.object_id).slug) for hit in results[0:TOP]]


def test_nine_reader_queries_in_ten_find_a_right_page_in_the_first_three(site):
    assert len(READER_QUERIES) >= 40
    misses = [(query, first_pages(query)) for query, right in READER_QUERIES if not right & set(first_pages(query))]
    share = 1 - len(misses) / len(READER_QUERIES)
    print(f"\n{len(READER_QUERIES) - len(misses)} of {len(READER_QUERIES)} ({share:.0%}) right in the first {TOP}")
    for query, found in misses:
        print(f"  miss: {query!r} -> {found}")
    assert share >= SHARE, misses
