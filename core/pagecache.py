"""Public pages cached whole, for anonymous readers, keyed by the content version.

A page is stored under its full URL and the content version (:mod:`core.version`), so an
edit anywhere is visible on the very next request, on every host sharing the cache: the
old pages are simply never asked for again, and expire. A reader who already holds the
page (``If-None-Match`` or ``If-Modified-Since``) gets a 304 before any view code runs.

Only what every anonymous reader would see is cached: GET and HEAD requests without a
session or messages cookie, outside the admin and previews, answered 200 without setting a
cookie, without a ``Cache-Control`` of the view's own, and varying on nothing but the
encoding. Those pages are gzip-compressed here (they hold no secret, so BREACH does not
apply); the admin's pages, which hold CSRF tokens, are not. Everything else is marked
private and is neither read from nor written to the cache.

``PAGE_CACHE_SECONDS = 0`` turns the whole middleware off (the tests' default).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.urls import get_urlconf, reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from core.version import for_request

#: Cookies that may change what a page shows to the one who sends them.
PERSONAL_COOKIES = ("messages",)
#: Content types worth compressing.
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml")


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def is_cacheable_request(request):
    """An anonymous reader's GET or HEAD of a public page."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    if any(name in request.COOKIES for name in cookies):
        return False
    if "preview" in request.GET:  # staff previews of drafts (core.preview)
        return False
    return not request.path.startswith(admin_prefix(get_urlconf()))


@functools.lru_cache
def admin_prefix(urlconf):
    """Where the admin lives (worked out once per URLconf: every request asks)."""
    return reverse("admin:index", urlconf=urlconf)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):  # the view decided (never_cache, private, …)
        return False
    varies = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return varies <= {"accept-encoding"}


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


class PageCacheMiddleware:
    """Place after the security middleware and WhiteNoise, before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        if not is_cacheable_request(request):
            return self.private(self.get_response(request))
        version, changed_at = for_request(request)
        url = request.build_absolute_uri()  # validates the host first
        digest = hashlib.sha256(f"{version}\n{url}".encode()).hexdigest()[:32]
        etag = f'W/"{digest}"'
        validators = {"ETag": etag}
        if changed_at is not None:
            validators["Last-Modified"] = http_date(changed_at.timestamp())
        if self.not_modified(request, etag, changed_at):
            return self.public(HttpResponseNotModified(), validators)
        key = f"page:{digest}:{'gzip' if accepts_gzip(request) else 'identity'}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return self.private(response)
        if response.get("Content-Type", "").startswith(COMPRESSIBLE):
            response = self.gzip.process_response(request, response)
        self.public(response, validators)
        patch_vary_headers(response, ("Accept-Encoding",))
        # The headers of the view and the middleware after this one; those before it (the
        # security headers, the CSP) are added to every answer, a cached one included.
        stored = (response.status_code, list(response.items()), response.content)
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def not_modified(request, etag, changed_at):
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            # Weak comparison (RFC 9110, 13.1.2): W/"x" matches "x".
            wanted = etag.removeprefix("W/")
            return any(tag == "*" or tag.removeprefix("W/") == wanted for tag in parse_etags(if_none_match))
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and changed_at is not None and int(changed_at.timestamp()) <= since

    @staticmethod
    def public(response, validators):
        for name, value in validators.items():
            response[name] = value
        response["Cache-Control"] = settings.PAGE_CACHE_CONTROL
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    @staticmethod
    def private(response):
        """Whatever is not cached here must not be cached by a proxy or CDN either."""
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
