"""Check every source's address for rot and drift (sources.checking); run it daily."""

import json
from collections import Counter

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from sources.checking import check_sources


class Command(BaseCommand):
    help = "Fetch every source's address; record live, moved, gone, error or changed, and each cited passage."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one record per source, as a JSON list.")

    def handle(self, **options):
        checks, skipped = check_sources()
        if options["json"]:
            records = [
                {
                    "article": c.article.slug,
                    **{name: getattr(c, name) for name in ("status", "checked_at", "reason", "final_url")},
                    "citations": [{"citation": int(pk), "passage": state} for pk, state in c.passages.items()],
                }
                for c in checks
            ]
            records += [{"article": a.slug, "status": "skipped", "reason": why, "citations": []} for a, why in skipped]
            self.stdout.write(json.dumps(records, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
            return
        verbose = options["verbosity"] > 1
        for check in checks:
            if check.status != "live" or verbose:
                self.stdout.write(f"{check.article.slug}: {check.status}. {check.reason}".rstrip())
        for article, reason in skipped if verbose else ():
            self.stdout.write(f"{article.slug}: skipped, {reason}.")
        counts = ", ".join(f"{n} {status}" for status, n in sorted(Counter(c.status for c in checks).items()))
        self.stdout.write(
            f"Checked {len(checks)} sources ({counts or 'none checked'}); {len(skipped)} without an address skipped."
        )
