"""Curation queues: the rows an editor should look at next, as admin filters with counts.

Each queue is a named queryset of one model, registered by the app that owns the
model (in its ``admin.py``) with :func:`register_queues`. ``QueueFilter`` offers a
model's queues in its changelist sidebar (``?queue=<slug>``) with their counts, and
the admin index lists every queue the user may view with its count and a link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse


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
