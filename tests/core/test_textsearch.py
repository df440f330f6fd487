"""A list's text filter (core.textsearch): every word must appear in one of the fields."""

import pytest

from articles.models import Article
from core import textsearch

pytestmark = pytest.mark.django_db


def test_every_word_must_appear_in_one_of_the_fields():
    article = Article.objects.order_by("slug").first()
    words = article.title.split()[:2]
    found = textsearch.matching(Article.objects.all(), " ".join(words), fallback_fields=("title", "body"))
    assert article in found
    assert not textsearch.matching(Article.objects.all(), "zzqxnotaword", fallback_fields=("title", "body")).exists()
    assert (
        textsearch.matching(Article.objects.all(), "   ", fallback_fields=("title",)).count()
        == Article.objects.count()
    )
