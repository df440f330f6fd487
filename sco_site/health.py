"""``/healthz`` for load balancers: 200 when the database and the cache answer, 503 otherwise.

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


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A key of its own per probe: concurrent probes on a shared cache do not collide.
    key, value = f"healthz:{get_random_string(16)}", get_random_string(16)
    cache.set(key, value, timeout=10)
    answered = cache.get(key)
    cache.delete(key)
    if answered != value:
        raise RuntimeError("the cache did not return the value just stored")


CHECKS = {"database": check_database, "cache": check_cache}


def health():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # whatever the backend raises, the answer is 503
            logger.warning("Health check: the %s does not answer: %s: %s", name, type(error).__name__, error)
            results[name] = "error"
    healthy = all(result == "ok" for result in results.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
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
