"""Rebuild the search index from the published content."""

from django.core.management.base import BaseCommand

from search.index import rebuild_search_index


class Command(BaseCommand):
    help = "Replace the search index with entries for every published article, event and fact, and every country."

    def handle(self, *args, **options):
        counts = rebuild_search_index()
        if options["verbosity"]:
            summary = ", ".join(f"{kind} {count}" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
