"""The shared cache (Redis) as a speed-up the site can do without: when Redis is down, slow or
full, a read is a miss and a write is dropped. The failure is logged once per ``WARNING_INTERVAL``
with its cause, and Redis is left alone for ``BACKOFF`` seconds so that requests do not each wait
for a timeout. Nothing whose safety depends on the cache uses it (sessions and lockouts are in the
database)."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BACKOFF = 5  # seconds without asking Redis after a failure
WARNING_INTERVAL = 30  # seconds between two warnings while it keeps failing
# A Redis that stops answering costs a request this long, once per BACKOFF (redis-py waits forever by default).
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def fail_safe(method, fallback):
    """``method``, or ``fallback(*args, **kwargs)`` when Redis fails or failed less than ``BACKOFF`` ago."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if time.monotonic() < self.retry_at:
            return fallback(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except RedisError as error:
            self.failed(error)
            return fallback(*args, **kwargs)
        if self.failing_since is not None:
            logger.warning(
                "The cache is back after %.0f s: pages are cached again.", time.monotonic() - self.failing_since
            )
            self.failing_since = self.warned_at = None
        return result

    return guarded


def missing(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found.")  # what incr() and decr() say of a key not in the cache


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, {**params, "OPTIONS": {**TIMEOUTS, **params.get("OPTIONS", {})}})
        self.retry_at = 0.0  # time.monotonic() before which Redis is not asked
        self.failing_since = self.warned_at = None

    def failed(self, error):
        now = time.monotonic()
        self.retry_at = now + BACKOFF
        self.failing_since = self.failing_since or now
        if self.warned_at is None or now - self.warned_at >= WARNING_INTERVAL:
            self.warned_at = now
            logger.warning(
                "The cache is unavailable (%s: %s): pages are served uncached; trying again every %s s.",
                type(error).__name__,
                error,
                BACKOFF,
            )

    get = fail_safe(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = fail_safe(RedisCache.get_many, lambda keys, version=None: {})
    has_key = fail_safe(RedisCache.has_key, lambda *args, **kwargs: False)
    set = fail_safe(RedisCache.set, lambda *args, **kwargs: None)
    set_many = fail_safe(RedisCache.set_many, lambda data, *args, **kwargs: list(data))  # the keys not stored
    add = fail_safe(RedisCache.add, lambda *args, **kwargs: False)
    touch = fail_safe(RedisCache.touch, lambda *args, **kwargs: False)
    incr = fail_safe(RedisCache.incr, missing)  # decr() calls incr()
    delete = fail_safe(RedisCache.delete, lambda *args, **kwargs: False)
    delete_many = fail_safe(RedisCache.delete_many, lambda *args, **kwargs: None)
    clear = fail_safe(RedisCache.clear, lambda: False)
