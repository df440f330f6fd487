"""Every absolute URL names SITE_URL, whatever port or other allowed name a client put in Host."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from people.models import Person

from .conftest import HOST, ORIGIN

pytestmark = pytest.mark.django_db

OTHER_NAME = "www.sco.example.org"  # allowed too, but not the site's name


@pytest.fixture
def site(production):
    production.ALLOWED_HOSTS = [HOST, OTHER_NAME]
    return production


def every_page_kind():
    """A page of each kind that writes absolute URLs: canonical and OpenGraph tags and JSON-LD on the
    pages, feeds, the sitemap, robots.txt, the API and the downloads."""
    article = Article.objects.published().first()
    country = Country.objects.filter(statuses__isnull=False).first()
    return [
        "/",
        article.get_absolute_url(),
        Fact.objects.published().first().get_absolute_url(),
        country.get_absolute_url(),
        Event.objects.published().first().get_absolute_url(),
        Person.objects.quoted().first().get_absolute_url(),
        reverse("facts:list") + "?standing=corroborated",
        reverse("opendata:data"),
        reverse("opendata:articles-rss"),
        reverse("opendata:facts-atom"),
        reverse("opendata:country-rss", kwargs={"slug": country.slug}),
        reverse("opendata:sitemap"),
        reverse("opendata:sitemap-section", kwargs={"section": "articles"}),
        reverse("opendata:robots"),
        reverse("api:index"),
        reverse("api:facts"),
        reverse("api:articles"),
        reverse("opendata:csv", kwargs={"slug": "facts"}),
        reverse("opendata:json", kwargs={"slug": "facts"}),
    ]


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join([body.decode(), *(f"{name}: {value}" for name, value in response.items())])


@pytest.mark.parametrize("host", [f"{HOST}:6666", OTHER_NAME])
def test_no_generated_url_names_the_clients_host(site, seed, host):
    client = Client(headers={"Host": host, "X-Forwarded-Proto": "https"})
    for url in every_page_kind():
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        assert f"{ORIGIN}/" in text, url
        assert "6666" not in text, url
        assert OTHER_NAME not in text, url


def test_a_canonical_link_and_its_opengraph_twin_name_the_site(site, seed):
    article = Article.objects.published().first()
    client = Client(headers={"Host": f"{HOST}:6666", "X-Forwarded-Proto": "https"})
    page = client.get(article.get_absolute_url()).content.decode()
    canonical = f"{ORIGIN}{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert f'"url": "{canonical}"' in page


def test_an_unknown_host_is_refused_and_named_nowhere(site, seed):
    response = Client(headers={"Host": "evil.example", "X-Forwarded-Proto": "https"}).get("/")
    assert response.status_code == 400
    assert "evil.example" not in text_of(response)


def test_the_https_redirect_names_the_site(site, seed):
    response = Client(headers={"Host": f"{HOST}:6666"}).get(reverse("facts:list"))
    assert response.status_code == 301
    assert response["Location"] == f"{ORIGIN}{reverse('facts:list')}"


def test_another_port_or_allowed_name_shares_the_cached_page(site, seed):
    site.PAGE_CACHE_SECONDS = 300
    cache.clear()
    seen = [
        Client(headers={"Host": host, "X-Forwarded-Proto": "https"}).get(reverse("facts:list"))
        for host in (HOST, f"{HOST}:6666", OTHER_NAME, f"{OTHER_NAME}:443")
    ]
    assert [response["X-Page-Cache"] for response in seen] == ["miss", "hit", "hit", "hit"]
    assert len({response["ETag"] for response in seen}) == 1
    cache.clear()


def test_without_site_url_development_uses_the_request(settings, seed):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["localhost"]
    page = Client(headers={"Host": "localhost:8000"}).get(reverse("opendata:robots")).content.decode()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in page
