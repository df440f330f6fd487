"""Security headers on every kind of page, the admin and static files, scored as the Observatory would.

Requests arrive as the reverse proxy forwards them (HTTPS, the site's host), with the
production settings; ``observatory.py`` holds the Observatory's published rules.
"""

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from tests.editors import PASSWORD

from .conftest import HOST
from .observatory import observatory_score, parse_csp

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'"},
    "connect-src": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'none'"},
}
PERMISSIONS_DENIED = {"camera", "microphone", "geolocation", "payment", "usb"}

PUBLIC_PAGES = {
    "home": lambda: reverse("home:home"),
    "article list": lambda: reverse("articles:list"),
    "country list": lambda: reverse("countries:list"),
    "event list": lambda: reverse("events:list"),
    "fact list": lambda: reverse("facts:list"),
    "search": lambda: reverse("search:search") + "?q=summit",
    "article": lambda: Article.objects.published().first().get_absolute_url(),
    "country": lambda: Country.objects.first().get_absolute_url(),
    "event": lambda: Event.objects.published().first().get_absolute_url(),
    "fact": lambda: Fact.objects.published().first().get_absolute_url(),
    "not found": lambda: "/no/such/page/",
}


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' would block: inline scripts and styles, style and on* attributes."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A data block (JSON, JSON-LD) is never run: a policy has nothing to block there.
        if (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type") not in ("application/json", "application/ld+json")
        ):
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        self.found += [f"{name}= on <{tag}>" for name in attrs if name == "style" or name.startswith("on")]


def assert_secure_headers(response):
    headers = response.headers
    policy = parse_csp(headers["Content-Security-Policy"])
    assert policy == POLICY
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    denied = {rule.split("=")[0] for rule in headers["Permissions-Policy"].split(", ") if rule.endswith("=()")}
    assert denied >= PERMISSIONS_DENIED
    score = observatory_score(response, host=HOST)
    assert score.score >= 100, str(score)
    return score


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_scores_a_plus_with_no_inline_code(proxied, site, page):
    response = proxied.get(PUBLIC_PAGES[page]())
    assert response.status_code == (404 if page == "not found" else 200)
    assert response["X-Frame-Options"] == "DENY"
    score = assert_secure_headers(response)
    assert score.modifiers["content-security-policy"][0] == 10
    assert InlineCode(response.content.decode()).found == []


def test_plain_http_is_redirected_to_https_on_the_same_host(proxied):
    response = proxied.get("/facts/", headers={"X-Forwarded-Proto": "http"})
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/facts/"
    assert "Strict-Transport-Security" not in response  # only ever sent over HTTPS
    https = proxied.get("/facts/")
    assert observatory_score(https, host=HOST, http_response=response).modifiers["redirection"][0] == 0


def test_the_admin_login_sets_only_secure_samesite_cookies_and_scores_a_plus(proxied, editor):
    form = proxied.get(reverse("admin:login"))
    assert form.status_code == 200
    assert_secure_headers(form)
    assert InlineCode(form.content.decode()).found == []
    logged_in = proxied.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})
    assert logged_in.status_code == 302
    cookies = logged_in.cookies
    assert {"sessionid", "csrftoken"} <= set(cookies)
    assert all(cookies[name]["secure"] and cookies[name]["samesite"] == "Lax" for name in cookies)
    assert cookies["sessionid"]["httponly"]
    score = assert_secure_headers(logged_in)
    assert score.modifiers["cookies"] == (5, "Secure, HttpOnly sessions, SameSite")


ADMIN_PAGES = {
    "index": lambda content: reverse("admin:index"),
    "article change": lambda content: reverse("admin:articles_article_change", args=[content["article"].pk]),
    "cite a passage": lambda content: reverse("admin:articles_article_cite", args=[content["article"].pk]),
    "fact change": lambda content: reverse("admin:facts_fact_change", args=[content["fact"].pk]),
    "fact add": lambda content: reverse("admin:facts_fact_add"),
    "article list": lambda content: reverse("admin:articles_article_changelist"),
    "fact list": lambda content: reverse("admin:facts_fact_changelist"),
}


@pytest.mark.parametrize("url", ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_admin_pages_score_a_plus_with_no_inline_code(proxied, editor, content, url):
    proxied.force_login(editor)
    response = proxied.get(url(content))
    assert response.status_code == 200
    assert_secure_headers(response)
    assert InlineCode(response.content.decode()).found == []


def test_the_cite_page_loads_its_script_from_a_static_file(proxied, editor, content):
    proxied.force_login(editor)
    html = proxied.get(reverse("admin:articles_article_cite", args=[content["article"].pk])).content.decode()
    assert '<script src="/static/js/cite_passage.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/css/cite_passage.css">' in html


def test_static_files_carry_the_security_headers(production):
    """WhiteNoise answers before the later middleware: the headers come from those before it."""
    production.WHITENOISE_USE_FINDERS = True
    client = Client(headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_secure_headers(response)


def test_a_cached_page_and_its_304_carry_every_security_header(proxied, production, seed):
    """A hit carries the headers stored with the page; a 304, stored with nothing, gets them afresh."""
    production.PAGE_CACHE_SECONDS = 300
    cache.clear()
    url = reverse("facts:list")
    assert proxied.get(url)["X-Page-Cache"] == "miss"
    hit = proxied.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert_secure_headers(hit)
    not_modified = proxied.get(url, headers={"If-None-Match": hit["ETag"]})
    assert not_modified.status_code == 304
    for name in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert not_modified[name] == hit[name]
    assert proxied.get(url, headers={"X-Forwarded-Proto": "http"}).status_code == 301
    cache.clear()
