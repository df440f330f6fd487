"""Curation queues: querysets declared on a model's admin (``queues = (Queue(...),)``), with their counts
in its sidebar and on the admin index; counted once per content version (it reads the whole table)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.options import IS_FACETS_VAR
from django.db.models import QuerySet
from django.urls import reverse

from core.caching import cached_for_version


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    rows: Callable[[], QuerySet]


def queue_counts(request, model_admin):
    """{slug: count}; on every view for a model whose rows change no content version (a report)."""

    def count():
        return {queue.slug: queue.rows().count() for queue in model_admin.queues}

    if getattr(model_admin, "queue_counts_follow_content", True):
        return cached_for_version(request, f"curation-queues:{model_admin.model._meta.label}", count)
    return count()


def visible_queues(request):
    found = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not getattr(model_admin, "queues", ()) or not model_admin.has_view_permission(request):
            continue
        counts = queue_counts(request, model_admin)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        found.extend(
            {"queue": queue, "count": counts[queue.slug], "url": f"{changelist}?queue={queue.slug}"}
            for queue in model_admin.queues
        )
    return found


class QueueFilter(admin.SimpleListFilter):
    title = "curation queue"
    parameter_name = "queue"

    def __init__(self, request, params, model, model_admin):
        self.queues = model_admin.queues
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        if IS_FACETS_VAR in request.GET:  # "Show counts": Django's, of the list as filtered, not ours too
            return [(queue.slug, queue.label) for queue in self.queues]
        counts = queue_counts(request, model_admin)
        return [(queue.slug, f"{queue.label} ({counts[queue.slug]})") for queue in self.queues]

    def queryset(self, request, queryset):
        for queue in self.queues:
            if queue.slug == self.value():
                return queryset.filter(pk__in=queue.rows().values("pk"))
        return queryset
