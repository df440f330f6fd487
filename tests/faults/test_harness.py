"""The fault harness itself: a Redis of the test's own dies and comes back; a small disk fills."""

import os

import redis as redis_client

from tests.faults.conftest import fill


def test_own_redis_is_killed_and_restarted(redis_server):
    client = redis_client.Redis.from_url(redis_server.url, socket_timeout=1)
    assert client.ping()
    redis_server.kill()
    try:
        client.ping()
    except redis_client.exceptions.ConnectionError:
        pass
    else:
        raise AssertionError("a killed Redis answered")
    redis_server.start()
    assert redis_client.Redis.from_url(redis_server.url).ping()


def test_small_disk_fills(small_disk):
    disk = small_disk(2)
    fill(disk)
    try:
        with open(disk / "more", "wb") as file:
            file.write(b"x" * 65536)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        assert error.errno == 28  # ENOSPC
    else:
        raise AssertionError("a full disk took more")
