"""The articles' text filter asks core.textsearch: the search app's index when installed,
a plain match of every word otherwise."""

import pytest

from articles.models import Article
from core import textsearch

pytestmark = pytest.mark.django_db


def test_the_search_app_fills_in_the_matcher():
    assert textsearch._matcher is not None
    found = textsearch.matching(Article.objects.all(), "Belarus", fallback_fields=("title",))
    assert found.exists()


def test_without_an_index_every_word_must_appear_in_one_of_the_fields(monkeypatch):
    monkeypatch.setattr(textsearch, "_matcher", None)
    article = Article.objects.order_by("slug").first()
    words = article.title.split()[:2]
    found = textsearch.matching(Article.objects.all(), " ".join(words), fallback_fields=("title", "body"))
    assert article in found
    assert not textsearch.matching(Article.objects.all(), "zzqxnotaword", fallback_fields=("title", "body")).exists()
    assert (
        textsearch.matching(Article.objects.all(), "   ", fallback_fields=("title",)).count()
        == Article.objects.count()
    )
