"""Check every source's address for rot and drift (sources.checking); run it daily."""

import json

from django.core.management.base import BaseCommand

from sources.checking import check_sources


class Command(BaseCommand):
    help = "Fetch every source's address; record live, moved, gone, error or changed, and each cited passage."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one record per source, as a JSON list.")

    def handle(self, **options):
        results, skipped = check_sources()
        if options["json"]:
            records = [result.record() for result in results]
            records += [
                {"article": a.slug, "status": "skipped", "reason": reason, "citations": []} for a, reason in skipped
            ]
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=1))
            return
        for result in results:
            if result.status != "live" or options["verbosity"] > 1:
                self.stdout.write(f"{result.article.slug}: {result.status}. {result.reason}".rstrip())
        if options["verbosity"] > 1:
            for article, reason in skipped:
                self.stdout.write(f"{article.slug}: skipped, {reason}.")
        counts = {}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none checked"
        self.stdout.write(f"Checked {len(results)} sources ({summary}); {len(skipped)} without an address skipped.")
