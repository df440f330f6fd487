"""Write the database back to fixture files, deterministic and diff-friendly."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fixture_sync.export import adopts, export_fixtures


class Command(BaseCommand):
    help = "Write the curated content to fixtures/ (one sorted, indented JSON file per model)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.FIXTURES_DIR, help="Target directory.")
        parser.add_argument(
            "--include-synthetic", action="store_true", help="Also write content made by grow_content."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, include_synthetic, database, verbosity, **options):
        try:
            written = export_fixtures(output, synthetic=include_synthetic, using=database)
        except OSError as error:  # not a folder, not writable, a folder where a file goes
            raise CommandError(f"Cannot write the fixtures to {output}: {error.strerror or error}.") from error
        if verbosity >= 1:
            for path, count in written.items():
                self.stdout.write(f"{path}: {count} object(s)")
        self.stdout.write(self.style.SUCCESS(f"Exported {sum(written.values())} object(s) to {output}."))
        if not adopts(output):
            self.stdout.write(
                f"Not the fixtures reloads read ({settings.FIXTURES_DIR}): admin edits were not adopted, and a "
                "reload of those still reports them."
            )
