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


def fail_safe(fallback):
    """The method, or ``fallback(*args, **kwargs)`` when Redis fails or failed less than ``BACKOFF`` ago."""

    def decorate(method):
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

    return decorate


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

    get = fail_safe(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = fail_safe(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = fail_safe(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = fail_safe(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = fail_safe(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)  # the keys not stored
    add = fail_safe(lambda *args, **kwargs: False)(RedisCache.add)
    touch = fail_safe(lambda *args, **kwargs: False)(RedisCache.touch)
    incr = fail_safe(missing)(RedisCache.incr)  # decr() calls incr()
    delete = fail_safe(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = fail_safe(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = fail_safe(lambda: False)(RedisCache.clear)
