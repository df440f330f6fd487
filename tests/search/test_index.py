"""The index is kept current by explicit calls: a rebuild, or the admin mixin after a save."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core.admin import ContentAdmin
from core.models import PublicationStatus
from facts.models import Fact
from search.index import rebuild_search_index
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


class ArticleAdmin(ContentAdmin):
    pass


class FactAdmin(ContentAdmin):
    pass


def saved_form(instance):
    return SimpleNamespace(instance=instance, save_m2m=lambda: None)


def test_rebuild_indexes_published_content_only(extras):
    rebuild_search_index()
    assert SearchEntry.objects.filter(kind="article").count() == Article.objects.published().count()
    assert SearchEntry.objects.filter(kind="fact").count() == Fact.objects.published().count()
    assert not SearchEntry.objects.filter(kind="article", object_id=extras["draft_article"].pk).exists()
    assert not SearchEntry.objects.filter(kind="fact", object_id=extras["draft_fact"].pk).exists()


def test_admin_save_and_delete_keep_the_index_current(extras):
    request = RequestFactory().post("/admin/")
    model_admin = ArticleAdmin(Article, admin.site)
    draft = extras["draft_article"]

    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    model_admin.save_related(request, saved_form(draft), [], change=True)
    assert SearchEntry.objects.filter(kind="article", object_id=draft.pk).exists()

    fact_admin = FactAdmin(Fact, admin.site)
    fact = extras["draft_fact"]
    fact.status = PublicationStatus.PUBLISHED
    fact.save()
    fact_admin.save_related(request, saved_form(fact), [], change=True)
    entry = SearchEntry.objects.get(kind="fact", object_id=fact.pk)
    assert "within a year" in entry.body, "the entry carries the fact's quotes"

    pk = fact.pk
    fact_admin.delete_model(request, fact)
    assert not SearchEntry.objects.filter(kind="fact", object_id=pk).exists()

    published = Fact.objects.filter(slug__in=["trade-doubled", "trade-rose-a-third"])
    pks = list(published.values_list("pk", flat=True))
    fact_admin.delete_queryset(request, published)
    assert not SearchEntry.objects.filter(kind="fact", object_id__in=pks).exists()


def test_a_rebuild_reads_in_chunks_not_a_row_at_a_time(site, grown):
    """Three times the content, about the same queries: the fields the entries need come with their rows."""
    with CaptureQueriesContext(connection) as seed_only:
        rebuild_search_index()
    entries = SearchEntry.objects.count()
    grown(3)
    with CaptureQueriesContext(connection) as tripled:
        rebuild_search_index()
    added = SearchEntry.objects.count() - entries
    assert SearchEntry.objects.filter(kind="fact").count() == Fact.objects.published().count() > 300
    assert len(tripled) - len(seed_only) <= added / 100, [q["sql"] for q in tripled.captured_queries]
