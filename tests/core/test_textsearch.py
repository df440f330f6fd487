"""A list's text filter (core.filtering.matching): every word must appear in one of the fields."""

import pytest

from articles.models import Article
from core.filtering import matching

pytestmark = pytest.mark.django_db


def test_every_word_must_appear_in_one_of_the_fields():
    article = Article.objects.order_by("slug").first()
    words = article.title.split()[:2]
    found = matching(Article.objects.all(), " ".join(words), fallback_fields=("title", "body"))
    assert article in found
    assert not matching(Article.objects.all(), "zzqxnotaword", fallback_fields=("title", "body")).exists()
    assert matching(Article.objects.all(), "   ", fallback_fields=("title",)).count() == Article.objects.count()
