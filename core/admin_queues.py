"""Curation queues: the rows an editor should look at next, as admin filters with counts.

Each queue is a named queryset of one model. ``QueueFilter`` offers a model's queues
in its changelist sidebar (``?queue=<slug>``) with their counts, and the admin index
lists every queue the user may view with its count and a link to that filter.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse

from core.models import PublicationStatus


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    model_label: str
    rows: Callable[[], QuerySet]

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def count(self):
        return self.rows().count()

    def changelist_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?queue={self.slug}"


def _facts():
    return apps.get_model("facts.Fact").objects


QUEUES = (
    Queue("unsourced", "Facts without sources", "facts.Fact", lambda: _facts().with_standing().filter(source_count=0)),
    Queue(
        "single-source",
        "Facts with a single source",
        "facts.Fact",
        lambda: _facts().with_standing().filter(source_count=1),
    ),
    Queue("disputed", "Disputed facts", "facts.Fact", lambda: _facts().filter(disputed_by__isnull=False).distinct()),
    Queue("superseded", "Superseded facts", "facts.Fact", lambda: _facts().filter(superseded_by__isnull=False)),
    Queue(
        "cites-draft",
        "Published facts citing a draft article",
        "facts.Fact",
        lambda: _facts().published().filter(citations__article__status=PublicationStatus.DRAFT).distinct(),
    ),
    Queue(
        "no-facts",
        "Articles with no facts",
        "articles.Article",
        lambda: apps.get_model("articles.Article").objects.filter(citations__isnull=True),
    ),
    Queue(
        "unsourced-status",
        "SCO statuses without citations",
        "countries.CountryStatus",
        lambda: apps.get_model("countries.CountryStatus").objects.unsourced().distinct(),
    ),
)


def queues_for(model):
    return [queue for queue in QUEUES if queue.model is model]


def visible_queues(user):
    """Every queue whose model ``user`` may view, with its count (one query each)."""
    return [
        {"queue": queue, "count": queue.count(), "url": queue.changelist_url()}
        for queue in QUEUES
        if user.has_perm(f"{queue.model._meta.app_label}.view_{queue.model._meta.model_name}")
    ]


class QueueFilter(admin.SimpleListFilter):
    title = "curation queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(queue.slug, f"{queue.label} ({queue.count()})") for queue in queues_for(model_admin.model)]

    def queryset(self, request, queryset):
        for queue in queues_for(queryset.model):
            if queue.slug == self.value():
                return queryset.filter(pk__in=queue.rows().values("pk"))
        return queryset
