"""Public pages cached whole for anonymous readers, keyed by the content version
(:mod:`core.version`) and the canonical request: the path and, of the query string, only the
parameters the view declares (``query_parameters``), in order, empty ones left out; a view
declaring nothing is cached only without a query string. An edit is visible on the next request
on every host: old entries are never asked for again. A reader holding the page gets a 304
(``ETag``, then ``Last-Modified``) before any view runs.

``Last-Modified`` is the first whole second after the last change, sent only once that second
has begun: a page sent with it was read no earlier, so any later change has a later one, even
two edits within one second (clocks of the hosts kept in step, as NTP does).

Cached: GET/HEAD without a session or messages cookie, outside the admin and previews,
answered 200 without cookies, without a ``Cache-Control`` of the view's own, varying on
nothing but the encoding; gzipped here for a client whose ``Accept-Encoding`` accepts gzip
(no secrets in them, so no BREACH). The rest is marked private. ``PAGE_CACHE_SECONDS = 0``
turns the middleware off (the tests' default).
"""

import functools
import hashlib
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from core.version import for_request

PERSONAL_COOKIES = ("messages",)  # may change what a page shows to the one who sends them
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml", "application/atom+xml")
QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")


def accepts_encoding(header, coding):
    """Whether an ``Accept-Encoding`` value accepts ``coding`` (RFC 9110, 12.5.3): named with a
    q-value above 0, or not named and ``*`` above 0. A malformed q-value counts as 0."""
    weights = {}
    for item in header.lower().split(","):
        name, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                weight = float(value) if QVALUE.fullmatch(value := value.strip()) else 0.0
        if name:
            weights.setdefault("gzip" if name == "x-gzip" else name, weight)
    return weights.get(coding, weights.get("*", 0.0)) > 0


class AcceptEncodingMiddleware:
    """``Accept-Encoding`` cut down to the codings served here that the client accepts
    (``br``, ``gzip``), for WhiteNoise, which looks for a coding's name anywhere in it: a
    static file's compressed copy is then refused by ``gzip;q=0`` as a page is. Place before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (header := request.META.get("HTTP_ACCEPT_ENCODING")) is not None:
            codings = [coding for coding in ("br", "gzip") if accepts_encoding(header, coding)]
            request.META["HTTP_ACCEPT_ENCODING"] = ", ".join(codings)
        return self.get_response(request)


def last_modified(changed_at, now):
    """``Last-Modified`` (a timestamp) of content last changed at ``changed_at``, read at ``now``:
    the next whole second, or None until it has begun (see the module's docstring)."""
    if changed_at is None:
        return None
    stamp = math.floor(changed_at.timestamp()) + 1
    return stamp if now.timestamp() >= stamp else None


class CanonicalQueryMixin:
    """A view keyed by its path and ``query_parameters``, the page number last: also its
    canonical address. An answer that is not the page its key names is not stored (so bad
    values cannot fill the cache): see ``is_canonical``."""

    query_parameters = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = getattr(context.get("page_obj"), "number", None)
        context["canonical_query"] = known_query(self.request, self.query_parameters, number)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.is_canonical(context):
            add_never_cache_headers(response)
        return response

    def is_canonical(self, context):
        """False for a parameter given twice, and for the nearest page answered for a page
        number out of range or malformed. Views with a form add: false when a value is invalid."""
        query = self.request.GET
        if any(len(query.getlist(name)) > 1 for name in self.query_parameters):
            return False
        page = context.get("page_obj")
        if page is None and "page" not in self.query_parameters:
            return True
        return query.get("page", "1") == str(page.number if page else 1)


def known_query(request, known, page=None):
    """The non-empty values of the parameters ``known``, in that order; ``page`` (default:
    the one asked for) last, and only past the first."""
    pairs = [(name, value) for name in known if name != "page" for value in request.GET.getlist(name) if value]
    page = str(page or request.GET.get("page", "")) if "page" in known else ""
    return urlencode(pairs + ([("page", page)] if page not in ("", "1") else []))


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


def canonical_query(request):
    """The query string as the view reads it, or None for a path no view answers."""
    known = declared_parameters(request.path_info, get_urlconf())
    if known is False:
        return None
    if known is None:  # it may read any parameter: only its plain address is stored
        return None if request.GET else ""
    return known_query(request, known)


@functools.lru_cache(maxsize=4096)
def declared_parameters(path, urlconf):
    """The ``query_parameters`` of the view at ``path`` (None: it declares none; False: no view).
    Kept per path: resolving costs a tenth of a cached hit."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(getattr(match.func, "view_class", None), "query_parameters", None)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):  # the view decided (never_cache, private, …)
        return False
    varies = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return varies <= {"accept-encoding"}


def compress(response):
    """Gzip the body, when that makes it smaller (the stamp of the time left out: the same page, the same bytes)."""
    compressed = compress_string(response.content)
    if len(compressed) < len(response.content):
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"


class PageCacheMiddleware:
    """Place after the security middleware and WhiteNoise, before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        query = canonical_query(request) if is_cacheable_request(request) else None
        if query is None:
            return self.private(self.get_response(request))
        now = timezone.now()  # before the version is read: see last_modified()
        version, changed_at = for_request(request)
        # The host is SITE_URL's whatever port or allowed name the client sent (sco_site.origin).
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"  # get_host() validates
        digest = hashlib.sha256(f"{version}\n{url}".encode()).hexdigest()[:32]
        validators = {"ETag": f'W/"{digest}"'}
        modified = last_modified(changed_at, now)
        if modified is not None:
            validators["Last-Modified"] = http_date(modified)
        # If-None-Match, when sent, decides alone (If-Modified-Since is then ignored).
        not_modified = get_conditional_response(request, etag=validators["ETag"], last_modified=modified)
        if not_modified is not None:
            return self.public(not_modified, validators)
        gzip = accepts_encoding(request.headers.get("Accept-Encoding", ""), "gzip")
        key = f"page:{digest}:{'gzip' if gzip else 'identity'}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=dict(headers))
            response["X-Page-Cache"] = "hit"
            # Stored within the second of the change, an entry has no Last-Modified: added once due.
            return self.public(response, validators)
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return self.private(response)
        if gzip and response.get("Content-Type", "").startswith(COMPRESSIBLE):
            compress(response)
        self.public(response, validators)
        # The headers of the view and the middleware after this one; those before it (the
        # security headers, the CSP) are added to every answer, a cached one included.
        cache.set(key, (response.status_code, list(response.items()), response.content), settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response

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
