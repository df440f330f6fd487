"""Shared test data, built once: the curated seed per session, grown content per module.

The seed is loaded through the fixture engine (so its records exist, as after
``make run``) with its search index, once per test session and database. Every
test runs in a transaction that rolls back, so each starts from the seed. Tests
that need an empty database say so with ``empty_db``. Browser tests run against
a live server, outside that transaction: the database is flushed after each, and
the seed is put back before each from a snapshot (``serialized_rollback``).
"""

import os
import secrets
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from pytest_django.plugin import blocking_manager_key

from countries.models import Country
from fixture_sync.reload import reload_fixtures
from fixture_sync.synthetic import grow_content
from opendata import downloads
from search.index import rebuild_search_index
from tests.helpers import empty_database, kept_for_the_scope, unreachable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


pytest_plugins = ["tests.content", "tests.editors"]

#: Tests that use one of these run in ``make test-all`` only (marked ``slow``): a browser,
#: a live server, other processes or databases, ten times the content.
SLOW_FIXTURES = {"chromium", "page", "live_server", "seeded_live_server", "tenfold", "postgres_database"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & {"chromium", "page"}:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


SNAPSHOT = {}  # the seeded database, serialised once, to restore after a flush


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reload_fixtures(settings.FIXTURES_DIR, backup=False)
        # The search index is left out (see test_settings) and rebuilt after a restore.
        SNAPSHOT[connection.alias] = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def downloads_built_here(monkeypatch):
    """Each test starts with no stored download (its content version is the seed's, whatever it
    changes), and a download's build runs in the test's process, which alone sees the test's
    transaction (the site would start a builder process of its own)."""
    shutil.rmtree(settings.DOWNLOADS_ROOT, ignore_errors=True)
    build_in_this_process(monkeypatch)


def build_in_this_process(monkeypatch):
    monkeypatch.setattr(downloads, "spawn_builder", lambda origin, name, lock: downloads.build_missing(origin, [name]))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: its content version never changes (a test's
    transaction never commits), so figures cached by another test would be stale."""
    cache.clear()


@pytest.fixture
def seed(db):
    """The curated seed: loaded for the session; this fixture only documents the need."""


@pytest.fixture
def empty_db(db):
    """No content at all (inside the test's transaction, so the seed returns afterwards)."""
    empty_database()


@pytest.fixture(scope="module")
def tenfold(django_db_setup, django_db_blocker):
    """Nine times the seed's volume of synthetic content on top of it, for a whole module."""
    with kept_for_the_scope(django_db_blocker):
        with django_db_blocker.unblock():
            grow_content(factor=9, seed=1)
        yield


@pytest.fixture
def grown(seed):
    """A callable ``grown(factor)`` adding synthetic content inside one test."""

    def grow(factor):
        return grow_content(factor=factor)

    return grow


def restore_seed():
    connection.creation.deserialize_db_from_string(SNAPSHOT[connection.alias])
    rebuild_search_index()


@pytest.fixture
def restored_seed(transactional_db, django_db_serialized_rollback):
    """The seed in a transactional test (browser tests), committed, with its search index.

    A transactional test ends with a flush. Marking the snapshot on the connection makes
    that flush leave content types and permissions empty too (no post_migrate), and the
    hook below restores the seed right after, so the tests that follow, in any order and
    on any worker, start from it.
    """
    if not Country.objects.exists():
        restore_seed()
    connection._test_serialized_contents = SNAPSHOT[connection.alias]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # every fixture is torn down here, the flush after a transactional test included
    # After the last test the test databases themselves are gone: nothing to restore.
    if nextitem is not None and "restored_seed" in getattr(item, "fixturenames", ()):
        with item.config.stash[blocking_manager_key].unblock():
            restore_seed()


@pytest.fixture
def seeded_live_server(live_server, restored_seed):
    """A live server over the seed."""
    return live_server


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped here without it, fatal under CI."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must still be
    # allowed to touch the database from the test itself.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432/"


@pytest.fixture
def postgres_database():
    """The URL of a PostgreSQL database of the test's own (for commands run in other
    processes), dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    name = f"sco_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True)
    except psycopg.OperationalError as error:
        unreachable(f"PostgreSQL does not answer at {POSTGRES_SERVER}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_SERVER + name
    with psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
