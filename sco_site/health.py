"""``/healthz`` for load balancers: 200 ``ok``; 200 ``degraded`` when the cache does not answer
(pages are served uncached, and a shared Redis failing must not take every host out at once);
503 ``error`` when the database does not answer. A middleware placed before host validation and
the HTTPS redirect, so that a probe by IP address over plain HTTP is answered too; never cached."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import get_random_string
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # whatever the driver raises, the answer is 503
        logger.warning("Health check: the database does not answer: %s: %s", type(error).__name__, error)
        return False
    return True


def cache_answers():
    """Why not is logged by the cache backend, once a while, not on every probe."""
    key, value = f"healthz:{get_random_string(16)}", get_random_string(16)  # concurrent probes do not collide
    try:  # a backend that raises (not the fail-safe Redis one) is "degraded" too, never a 500
        cache.set(key, value, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
        return answered == value
    except Exception:
        return False


class HealthCheckMiddleware(MiddlewareMixin):
    def process_request(self, request):
        if request.path_info != "/healthz":
            return None
        database, cache_ok = database_answers(), cache_answers()
        response = JsonResponse(
            {
                "status": "error" if not database else "ok" if cache_ok else "degraded",
                "database": "ok" if database else "error",
                "cache": "ok" if cache_ok else "error",
            },
            status=200 if database else 503,
        )
        add_never_cache_headers(response)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
