"""The Redis cache failing (down, slow, full) means pages served uncached, one warning a while."""

import json
import logging
import socket

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError, OutOfMemoryError

from sco_site import cache as fail_safe_cache
from sco_site.cache import FailSafeRedisCache


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def closed_port_cache(settings):
    """The default cache is Redis on a port nothing listens on."""
    settings.CACHES = {
        "default": {"BACKEND": "sco_site.cache.FailSafeRedisCache", "LOCATION": f"redis://127.0.0.1:{closed_port()}/0"}
    }
    return cache


class FlakyClient:
    """Stands for redis-py under Django's cache: raises ``error`` while it is set, counts calls."""

    def __init__(self):
        self.error = None
        self.calls = 0
        self.stored = {}

    def _answer(self, value=None):
        self.calls += 1
        if self.error is not None:
            raise self.error
        return value

    def get(self, key, default):
        return self._answer(self.stored.get(key, default))

    def set(self, key, value, timeout):
        self._answer()
        self.stored[key] = value


@pytest.fixture
def flaky(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(fail_safe_cache.time, "monotonic", lambda: clock[0])
    backend = FailSafeRedisCache("redis://127.0.0.1:1/0", {})
    backend._cache = FlakyClient()
    return backend, backend._cache, clock


def test_short_timeouts_are_set_and_can_be_overridden():
    assert FailSafeRedisCache("redis://x/0", {})._options == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    options = FailSafeRedisCache("redis://x/0", {"OPTIONS": {"socket_timeout": 2}})._options
    assert options == {"socket_connect_timeout": 0.5, "socket_timeout": 2}


def test_a_redis_that_does_not_answer_is_a_miss_and_a_dropped_write(closed_port_cache, caplog):
    caplog.set_level(logging.WARNING, logger="sco_site.cache")
    cache.set("answer", 42)
    assert cache.get("answer") is None
    assert cache.get("answer", "default") == "default"
    assert cache.get_many(["answer", "other"]) == {}
    assert cache.add("answer", 1) is False
    assert cache.get_or_set("answer", 7) == 7
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("answer") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("answer")
    warnings = [record for record in caplog.records if record.name == "sco_site.cache"]
    assert len(warnings) == 1
    assert warnings[0].levelname == "WARNING" and not warnings[0].exc_info
    assert warnings[0].getMessage().startswith("The cache is unavailable (ConnectionError: Error 111 connecting")
    assert "pages are served uncached" in warnings[0].getMessage()


def test_after_a_failure_redis_is_left_alone_for_the_backoff(flaky):
    backend, client, clock = flaky
    client.error = ConnectionError("Connection refused")
    assert backend.get("key", "default") == "default"
    assert client.calls == 1
    for _ in range(50):
        backend.set("key", "value")
        assert backend.get("key") is None
    assert client.calls == 1  # no request waited for Redis
    clock[0] += fail_safe_cache.BACKOFF
    backend.get("key")
    assert client.calls == 2


def test_one_warning_per_interval_and_one_line_when_the_cache_is_back(flaky, caplog):
    caplog.set_level(logging.INFO, logger="sco_site.cache")
    backend, client, clock = flaky
    client.error = OutOfMemoryError("command not allowed when used memory > 'maxmemory'.")
    for _ in range(12):  # a minute of failures, one try every BACKOFF
        backend.set("key", "value")
        clock[0] += fail_safe_cache.BACKOFF
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2  # at the first failure and WARNING_INTERVAL later
    assert all(message.startswith("The cache is unavailable (OutOfMemoryError: ") for message in messages)
    client.error = None
    backend.set("key", "value")
    assert backend.get("key") == "value"
    assert caplog.records[-1].getMessage() == "The cache is back after 60 s: pages are cached again."
    assert len(caplog.records) == 3
    client.error = ConnectionError("gone again")
    backend.get("key")
    assert len(caplog.records) == 4  # a new outage is reported at once


def test_health_is_degraded_but_200_without_the_cache(closed_port_cache, client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "database": "ok", "cache": "error"}


def test_pages_are_served_uncached_without_the_cache(closed_port_cache, client, seed, settings, caplog):
    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(3):
        response = client.get("/facts/")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
        assert "Belarus" in response.content.decode()
    assert len([record for record in caplog.records if record.name == "sco_site.cache"]) == 1
