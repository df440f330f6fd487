"""Helpers shared by the tests of several apps."""

import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import transaction

from articles.models import Article, Outlet
from core.models import Topic
from countries.models import Country, CountryStatus
from events.models import Event
from facts.models import Citation, Fact
from fixture_sync.models import FixtureRecord
from search.models import SearchEntry


def empty_database():
    """Delete every content row, fixture record and search entry (users and groups stay)."""
    for model in (CountryStatus, Citation, Fact, Article, Event, Country, Outlet, Topic, FixtureRecord, SearchEntry):
        model.objects.all().delete()


@contextmanager
def kept_for_the_scope(django_db_blocker):
    """Changes made inside stay for the tests of a module or class, then roll back.

    Each test's own transaction nests inside as a savepoint.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def manage_py(env, *args, timeout=300):
    """``manage.py *args`` in a process of its own, with the environment ``env``."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def unreachable(reason):
    """A service a test needs does not answer: skip, except in CI, which runs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI runs PostgreSQL and Redis")
    pytest.skip(reason)
