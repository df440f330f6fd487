"""Two servers, one PostgreSQL database and one Redis: an edit through one is read through the other at once."""

import os
import secrets
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.helpers import manage_py, unreachable

pytestmark = pytest.mark.slow  # other processes or servers: make test-all

REDIS = "redis://127.0.0.1:6379/15"
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def redis_url():
    redis = pytest.importorskip("redis")
    prefix = f"test-shared-cache-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        unreachable(f"Redis does not answer at {REDIS}: {error}")
    yield REDIS, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site_env(postgres_database, redis_url, tmp_path):
    url, prefix = redis_url
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DEBUG": "true",
        "DATABASE_URL": postgres_database,
        "REDIS_URL": url,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": "300",
        "FIXTURE_BACKUP_DIR": str(tmp_path / "backups"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    for args in (
        ["migrate", "--noinput"],
        ["reload_fixtures"],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org"],
    ):
        result = manage_py(env, *args)
        assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def servers(site_env):
    """Two servers, processes of their own, over the same database and cache."""
    import requests

    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=site_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, "the server stopped"
                try:
                    if requests.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            process.terminate()
            process.wait(timeout=20)


def article_to_edit(database_url):
    import psycopg

    with psycopg.connect(database_url) as db:
        return db.execute(
            "SELECT id, title, slug FROM articles_article WHERE status = 'published' ORDER BY slug LIMIT 1"
        ).fetchone()


def logged_in(base):
    import requests

    session = requests.Session()
    login = base + "/admin/login/"
    session.get(login, timeout=10)
    response = session.post(
        login,
        data={
            "username": "editor",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        timeout=10,
    )
    assert response.status_code == 200 and "sessionid" in session.cookies, "the editor could not log in"
    return session


def test_an_edit_through_one_server_is_read_through_the_other_at_once(servers, site_env):
    import requests

    one, two = servers
    assert requests.get(two + "/healthz", timeout=10).json() == {"status": "ok", "database": "ok", "cache": "ok"}
    pk, title, slug = article_to_edit(site_env["DATABASE_URL"])
    reader = requests.Session()
    reader.headers["Host"] = "localhost"  # as behind a load balancer: one site name, whichever server answers
    first = reader.get(two + "/articles/", timeout=10)
    assert first.status_code == 200 and title in first.text
    cached = reader.get(two + "/articles/", timeout=10)
    assert cached.headers["X-Page-Cache"] == "hit"
    assert reader.get(one + "/articles/", timeout=10).headers["X-Page-Cache"] == "hit"  # the cache is shared
    assert reader.get(two + f"/articles/{slug}/", timeout=10).status_code == 200

    editor = logged_in(one)
    response = editor.post(
        one + "/admin/articles/article/",
        data={
            "action": "unpublish",
            "_selected_action": [str(pk)],
            "index": "0",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
        timeout=30,
    )
    assert response.status_code == 200 and "Returned 1 article to draft." in response.text

    after = reader.get(two + "/articles/", timeout=10)
    assert after.status_code == 200
    assert after.headers["X-Page-Cache"] == "miss"
    assert title not in after.text
    assert reader.get(two + f"/articles/{slug}/", timeout=10).status_code == 404
    assert reader.get(two + "/articles/", timeout=10).headers["X-Page-Cache"] == "hit"
