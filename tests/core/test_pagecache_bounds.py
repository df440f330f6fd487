"""The page cache is bounded: only a valid page of its own makes an entry, whatever the query string."""

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture
def reader(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield Client()
    cache.clear()


def page_keys():
    return {key for key in cache._cache if ":page:" in key}


@pytest.mark.parametrize(
    "url",
    [
        "/facts/?country=zzz1",
        "/facts/?standing=random",
        "/facts/?topic=nothing&standing=corroborated",
        "/events/?year=abc",
        "/events/?year=1800",
        "/events/?year=02024",
        "/events/?year=2024.0",
        "/facts/?page=abc",
        "/facts/?page=999",
        "/facts/?page=01",
        "/facts/?standing=corroborated&standing=corroborated",
        "/search/?q=summit&kind=random",
        "/search/?page=7",
        "/search/?q=summit&page=999",
        "/robots.txt?utm_source=x",
        "/feeds/articles.rss?random=1",
        "/api/facts/?offset=100000",
    ],
)
def test_a_page_that_is_not_its_own_canonical_page_is_not_stored(reader, seed, url):
    response = reader.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert page_keys() == set()


def test_an_invalid_filter_value_is_reported_and_ignored(reader, seed):
    response = reader.get("/facts/?country=zzz1&standing=corroborated")
    assert "Select a valid choice" in response.content.decode()
    assert (
        response.context["filter"].qs.count()
        == reader.get("/facts/?standing=corroborated").context["filter"].qs.count()
    )


def test_valid_pages_each_make_one_entry(reader, seed):
    for url in ("/facts/", "/facts/?standing=corroborated", "/search/?q=summit", "/robots.txt", "/facts/?page=2"):
        assert reader.get(url)["X-Page-Cache"] == "miss", url
        assert reader.get(url)["X-Page-Cache"] == "hit", url
    assert len(page_keys()) == 5
