"""Helpers shared by the tests of several apps."""

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
