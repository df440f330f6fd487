"""Drafts that concern a country, so every feed, the sitemap and the downloads can show they leave them out;
downloads built in the test's process, from an empty store."""

import shutil

import pytest
from django.conf import settings

from countries.models import Country
from opendata import downloads, stored


@pytest.fixture(autouse=True)
def downloads_built_here(monkeypatch):
    """Each test starts with no stored file (its content version is the seed's, whatever it changes),
    and a download's build runs in the test's process, which alone sees the test's transaction."""
    shutil.rmtree(settings.DOWNLOADS_ROOT, ignore_errors=True)
    build_in_this_process(monkeypatch)


def build_in_this_process(monkeypatch):
    monkeypatch.setattr(stored, "spawn_builder", lambda origin, name, lock: downloads.build_missing(origin, [name]))


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
