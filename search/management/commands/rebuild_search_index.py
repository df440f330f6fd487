"""Rebuild the search index from the published content."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from core.changes import content_changed
from search.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Replace the search index (and its vocabulary) with entries for every published article, event and fact,"
        " every country, and every person a published fact quotes."
    )

    def handle(self, *args, **options):
        # "Anything may have changed": the index is rebuilt and cached pages expire (core.changes).
        content_changed()
        if options["verbosity"]:
            counts = SearchEntry.objects.order_by("kind").values_list("kind").annotate(n=Count("pk"))
            summary = ", ".join(f"{kind} {count}" for kind, count in counts)
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
