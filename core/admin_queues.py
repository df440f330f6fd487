"""Curation queues: the rows an editor should look at next, as admin filters with counts.

Each queue is a named queryset of one model, registered by the app that owns the
model (in its ``admin.py``) with :func:`register_queues`. ``QueueFilter`` offers a
model's queues in its changelist sidebar (``?queue=<slug>``) with their counts, and
the admin index lists every queue the user may view with its count and a link. Counting
a queue reads the whole table, so counts are worked out once per content version.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse

from .caching import cached_for_version


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    model: type
    rows: Callable[[], QuerySet]

    def count(self):
        return self.rows().count()

    def changelist_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?queue={self.slug}"


QUEUES = []


def register_queues(*queues):
    """Add queues to the admin index and to their model's changelist filter (once each)."""
    QUEUES.extend(queue for queue in queues if queue.slug not in {known.slug for known in QUEUES})


def queues_for(model):
    return [queue for queue in QUEUES if queue.model is model]


def queue_counts(request, model=None):
    """{queue slug: count} of the queues of ``model`` (all: None), one query each once per content version."""
    queues = QUEUES if model is None else queues_for(model)
    key = f"curation-queues:{model._meta.label if model else '*'}"
    return cached_for_version(request, key, lambda: {queue.slug: queue.count() for queue in queues})


def visible_queues(request):
    """Every queue whose model the user may view, with its count."""
    counts = queue_counts(request)
    return [
        {"queue": queue, "count": counts[queue.slug], "url": queue.changelist_url()}
        for queue in QUEUES
        if request.user.has_perm(f"{queue.model._meta.app_label}.view_{queue.model._meta.model_name}")
    ]


class QueueFilter(admin.SimpleListFilter):
    title = "curation queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        counts = queue_counts(request, model_admin.model)
        return [(queue.slug, f"{queue.label} ({counts[queue.slug]})") for queue in queues_for(model_admin.model)]

    def queryset(self, request, queryset):
        for queue in queues_for(queryset.model):
            if queue.slug == self.value():
                return queryset.filter(pk__in=queue.rows().values("pk"))
        return queryset
