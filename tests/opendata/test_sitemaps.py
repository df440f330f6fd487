import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from opendata.sitemaps import RowSitemap
from people.models import Person
from tests.opendata.conftest import absolute

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = (
    "home:home",
    "home:map",
    "countries:list",
    "events:list",
    "facts:list",
    "articles:list",
    "people:list",
    "opendata:data",
)


def read_xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def sitemap_entries(client, **extra):
    """{location: lastmod or None} over every page of every section the index lists."""
    index = read_xml(client, reverse("opendata:sitemap"), **extra)
    entries = {}
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        address = urlsplit(loc.text)
        assert address.scheme == ("https" if extra.get("secure") else "http")
        section = read_xml(client, f"{address.path}?{address.query}", **extra)
        for url in section.findall("sm:url", NS):
            location = url.find("sm:loc", NS).text
            assert location not in entries, f"{location} listed twice"
            lastmod = url.find("sm:lastmod", NS)
            entries[location] = datetime.datetime.fromisoformat(lastmod.text) if lastmod is not None else None
    return entries


def public_pages():
    rows = [
        *Article.objects.published(),
        *Event.objects.published(),
        *Fact.objects.published(),
        *Country.objects.all(),
        *Person.objects.quoted(),
    ]
    expected = {absolute(row.get_absolute_url()): row.modified_at for row in rows}
    expected.update({absolute(reverse(name)): None for name in PAGES})
    return expected


def test_sitemap_lists_every_public_page_with_its_last_change(client, drafts):
    entries = sitemap_entries(client)
    assert entries == public_pages()
    for draft in ("draft_article", "draft_fact", "draft_event"):
        assert absolute(drafts[draft].get_absolute_url()) not in entries


def test_sitemap_pages_cover_everything_once_when_split(client, drafts, monkeypatch):
    monkeypatch.setattr(RowSitemap, "limit", 10)
    index = read_xml(client, reverse("opendata:sitemap"))
    facts = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS) if "sitemap-facts.xml" in loc.text]
    assert len(facts) == -(-Fact.objects.published().count() // 10)
    assert sitemap_entries(client) == public_pages()


def test_sitemap_index_gives_each_sections_newest_change(client, seed):
    index = read_xml(client, reverse("opendata:sitemap"))
    latest = {
        loc.text: sitemap.find("sm:lastmod", NS)
        for sitemap in index.findall("sm:sitemap", NS)
        for loc in sitemap.findall("sm:loc", NS)
    }
    newest_fact = Fact.objects.published().latest("modified_at").modified_at
    assert datetime.datetime.fromisoformat(latest[absolute("/sitemap-facts.xml")].text) == newest_fact
    assert latest[absolute("/sitemap-pages.xml")] is None


def test_sitemap_speaks_https_to_a_secure_request(client, seed):
    entries = sitemap_entries(client, secure=True)
    assert entries
    assert all(location.startswith("https://testserver/") for location in entries)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, seed):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)
    assert client.get("/robots.txt", secure=True).content.decode().splitlines()[-1] == (
        "Sitemap: https://testserver/sitemap.xml"
    )


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-facts.xml", "/robots.txt"])
def test_sitemap_and_robots_are_served_from_the_page_cache(client, seed, settings, url):
    settings.PAGE_CACHE_SECONDS = 300
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
