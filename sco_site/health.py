"""``/healthz`` for load balancers: is this host alive (200) or not (503)?

- 200 ``{"status": "ok", "database": "ok", "cache": "ok"}``: all is well.
- 200 ``{"status": "degraded", "database": "ok", "cache": "error"}``: the cache does not answer;
  pages are served uncached (sco_site/cache.py), slower but correct. The host stays in service:
  a shared Redis failing would otherwise take every host out at once.
- 503 ``{"status": "error", "database": "error", ...}``: the database does not answer; nothing can be served.

Answered by a middleware placed before host validation and the HTTPS redirect, so a
probe that connects by IP address, over plain HTTP, is answered too. Never cached.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import get_random_string

PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # whatever the driver raises, the answer is 503
        logger.warning("Health check: the database does not answer: %s: %s", type(error).__name__, error)
        return False
    return True


def cache_answers():
    """Whether the cache gives back what was just stored. Why not is logged by the cache
    backend, once a while, not on every probe."""
    # A key of its own per probe: concurrent probes on a shared cache do not collide.
    key, value = f"healthz:{get_random_string(16)}", get_random_string(16)
    cache.set(key, value, timeout=10)
    answered = cache.get(key)
    cache.delete(key)
    return answered == value


def health():
    database, cache_ok = database_answers(), cache_answers()
    status = "error" if not database else "ok" if cache_ok else "degraded"
    response = JsonResponse(
        {"status": status, "database": "ok" if database else "error", "cache": "ok" if cache_ok else "error"},
        status=200 if database else 503,
    )
    add_never_cache_headers(response)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health()
        return self.get_response(request)
