"""Public pages cached whole for anonymous readers, keyed by the content version
(:mod:`core.version`) and the canonical request (the path and the parameters the view declares,
``query_parameters``): an edit shows on the next request on every host. A reader holding the page
gets a 304 before any view runs. ``PAGE_CACHE_SECONDS = 0`` turns it off (the tests' default).
"""

import functools
import hashlib
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_header_parameters
from django.utils.text import compress_string

from core.version import for_request

PERSONAL_COOKIES = ("messages",)  # may change what a page shows to the one who sends them
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml")
QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")


def accepts_encoding(header, coding):
    """Whether ``Accept-Encoding`` accepts ``coding`` (RFC 9110, 12.5.3): Django reads no q-values
    there, and ``gzip;q=0`` is a refusal. A malformed q-value counts as 0."""
    weights = {}
    for item in header.split(","):
        name, parameters = parse_header_parameters(item)
        weight = parameters.get("q", "1").strip()
        if name:
            weights.setdefault("gzip" if name == "x-gzip" else name, float(weight) if QVALUE.fullmatch(weight) else 0)
    return weights.get(coding, weights.get("*", 0)) > 0


class AcceptEncodingMiddleware:
    """``Accept-Encoding`` cut down to the codings it accepts of ``br`` and ``gzip``, for WhiteNoise,
    which looks for a coding's name anywhere in it (so ignores ``gzip;q=0``). Place before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (header := request.META.get("HTTP_ACCEPT_ENCODING")) is not None:
            codings = [coding for coding in ("br", "gzip") if accepts_encoding(header, coding)]
            request.META["HTTP_ACCEPT_ENCODING"] = ", ".join(codings)
        return self.get_response(request)


def last_modified(changed_at, now):
    """The second after the last change, once it has begun: a page dated T was read at T or later,
    so any later edit, even within the same second, dates it later."""
    if changed_at is None:
        return None
    stamp = math.floor(changed_at.timestamp()) + 1
    return stamp if now.timestamp() >= stamp else None


class CanonicalQueryMixin:
    """A view keyed by its path and ``query_parameters``, the page number last: also its canonical
    address. An answer that is not the page its key names is not stored, so no query string adds entries."""

    query_parameters = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = getattr(context.get("page_obj"), "number", 1)  # no pages: no page number
        context["canonical_query"] = known_query(self.request.GET, self.query_parameters, number)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.is_canonical(context):
            add_never_cache_headers(response)
        return response

    def is_canonical(self, context):
        """False for a parameter given twice, or a page number out of range or malformed."""
        query = self.request.GET
        if any(len(query.getlist(name)) > 1 for name in self.query_parameters):
            return False
        page = context.get("page_obj")
        if page is None and "page" not in self.query_parameters:
            return True
        return query.get("page", "1") == str(page.number if page else 1)


def known_query(query, known, page=None):
    """The non-empty values in ``query`` of the parameters ``known``, in that order; the page last, past the first."""
    pairs = [(name, value) for name in known if name != "page" for value in query.getlist(name) if value]
    page = str(page or query.get("page", "")) if "page" in known else ""
    return urlencode(pairs + ([("page", page)] if page not in ("", "1") else []))


def canonical_query(request):
    """The query string as the view reads it; None for a request not cached (not an anonymous
    reader's GET of a public page, a path no view answers, a query string on a view declaring none)."""
    personal = any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES))
    if request.method not in ("GET", "HEAD") or personal:
        return None
    return address_query(request.path_info, request.META.get("QUERY_STRING", ""), get_urlconf())


@functools.lru_cache(maxsize=4096)
def address_query(path, query_string, urlconf):
    """:func:`canonical_query` of an address, kept: resolving it and parsing its query cost a fifth of a hit."""
    query = QueryDict(query_string)
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    if "preview" in query or match.namespace == "admin":
        return None
    known = getattr(getattr(match.func, "view_class", None), "query_parameters", None)
    if known is None:
        return None if query else ""
    return known_query(query, known)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):  # the view decided (never_cache, private, …)
        return False
    varies = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return varies <= {"accept-encoding"}


class PageCacheMiddleware:
    """Place after the host is checked and the security headers are set, before the rest: a hit skips
    them, carrying the headers they gave the page when it was stored."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static = settings.STATIC_URL  # WhiteNoise's
        # A 304 has no stored page: it gets the headers SecurityMiddleware, further in, gives a page.
        self.secure = SecurityMiddleware(get_response).process_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.path.startswith(self.static):
            return self.get_response(request)
        query = canonical_query(request)
        if query is None:
            return self.private(self.get_response(request))
        now = timezone.now()  # before the version is read: see last_modified()
        version, changed_at = for_request(request)
        # get_host() validates, and is SITE_URL's whatever allowed name the client sent (sco_site.origin).
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        digest = hashlib.sha256(f"{version}\n{url}".encode()).hexdigest()[:32]
        validators = {"ETag": f'W/"{digest}"'}
        modified = last_modified(changed_at, now)
        if modified is not None:
            validators["Last-Modified"] = http_date(modified)
        not_modified = get_conditional_response(request, etag=validators["ETag"], last_modified=modified)
        if not_modified is not None:
            return self.public(self.secure(request, not_modified), validators)
        gzip = accepts_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), "gzip")
        key = f"page:{digest}:{'gzip' if gzip else 'identity'}"
        if (stored := cache.get(key)) is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers={**dict(headers), **validators})
            response["X-Page-Cache"] = "hit"  # public() ran before it was stored: its Cache-Control and Vary
            return response
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return self.private(response)
        if gzip and response.get("Content-Type", "").startswith(COMPRESSIBLE):
            compressed = compress_string(response.content)  # no time stamp: the same page, the same bytes
            if len(compressed) < len(response.content):
                response.content = compressed
                response["Content-Length"] = str(len(compressed))
                response["Content-Encoding"] = "gzip"
        self.public(response, validators)
        cache.set(key, (response.status_code, list(response.items()), response.content), settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def public(response, validators):
        for name, value in validators.items():  # an entry stored within the second of a change has no Last-Modified
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
