"""Helpers shared by the tests of several apps."""

from contextlib import contextmanager

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
