"""Drafts that concern a country, so every feed, the sitemap and the downloads can show they leave them out.
(Downloads are built in the test's process, from an empty store: tests/conftest.py.)"""

import pytest

from countries.models import Country
from tests.conftest import build_in_this_process  # noqa: F401 (used by the query-count tests)


@pytest.fixture
def drafts(extras):
    """``extras`` (a draft article, fact and event, a citation of a draft article) with the drafts about China."""
    china = Country.objects.get(slug="china")
    extras["draft_fact"].countries.add(china)
    extras["draft_article"].countries.add(china)
    extras["draft_event"].participants.add(china)
    return extras


def absolute(path):
    return f"http://testserver{path}"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content
