"""Bring the database to the fixture files: validated, atomic, idempotent, editor-safe."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connections

from fixture_sync.backup import BackupError
from fixture_sync.errors import ConflictError, FixtureError
from fixture_sync.reload import reload_fixtures

EDITED = "row(s) differ from the fixtures because they were edited in the admin since the last reload"
HOW_TO_RESOLVE = (
    "\nTo keep these edits: python manage.py export_fixtures, review the diff (git diff fixtures/), commit."
    "\nTo overwrite them with the fixtures: python manage.py reload_fixtures --force"
)


class Command(BaseCommand):
    help = (
        "Load fixtures/ into the database. Validates everything first and writes nothing on error; "
        "refuses to overwrite rows edited in the admin since the last reload unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--force", action="store_true", help="Overwrite rows edited in the admin.")
        parser.add_argument("--fixtures-dir", type=Path, default=settings.FIXTURES_DIR, help="Fixture files.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument(
            "--no-backup", action="store_true", help="Reload without writing a backup first (at your own risk)."
        )

    def handle(self, *args, dry_run, force, fixtures_dir, database, no_backup, verbosity, **options):
        progress = self.stdout.write if verbosity else None
        how = {"using": database, "backup": False if no_backup else None, "progress": progress}
        try:
            report = reload_fixtures(fixtures_dir, dry_run=dry_run, force=force, **how)
        except BackupError as error:
            raise CommandError(
                f"No backup could be written, so nothing was changed: {error}\n"
                f"Remove the cause (backups go to {settings.FIXTURE_BACKUP_DIR}: FIXTURE_BACKUP_DIR) and run again; "
                "or reload without a backup, at your own risk: python manage.py reload_fixtures --no-backup"
            ) from error
        except OperationalError as error:
            if not connections[database].in_atomic_block:
                connections[database].close()  # SQLite: lets go of its write-ahead log, freeing its space
            reason = " ".join(str(error).split())
            raise CommandError(f"The database refused the reload, so nothing was changed: {reason}") from error
        except ConflictError as error:
            message = f"{len(error.problems)} {EDITED}; nothing was changed:{error}{HOW_TO_RESOLVE}"
            if error.also:  # found meanwhile: a --force would stop on them
                message += f"\nThe fixtures have {len(error.also)} problem(s) too:{FixtureError(error.also)}"
            raise CommandError(message) from error
        except FixtureError as error:
            message = f"{len(error.problems)} problem(s) in {fixtures_dir}; nothing was changed:{error}"
            raise CommandError(message) from error
        for action, label, key in report.actions if verbosity >= 2 or (dry_run and verbosity >= 1) else ():
            self.stdout.write(f"{'would ' if dry_run else ''}{action} {label} {key}")
        for message in report.forced:
            self.stdout.write(self.style.WARNING(f"overwritten (--force): {message}"))
        for line in report.summary_lines() if verbosity >= 1 else ():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Dry run: {report.changes} change(s) would be made; nothing written.")
            )
        elif report.changes:
            self.stdout.write(self.style.SUCCESS(f"{report.changes} change(s) made."))
        else:
            self.stdout.write(self.style.SUCCESS("0 changes: the database already matches the fixtures."))
