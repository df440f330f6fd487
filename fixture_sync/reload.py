"""Bring the database to the fixture files: validated, atomic, idempotent, editor-safe."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from core.changes import content_changed

from .applying import apply_plan, run_checks
from .backup import write_backup
from .canonical import database_state, synced_models
from .errors import ConflictError, FixtureError
from .planning import make_plan
from .reading import read_fixture_dir
from .records import load_records, write_records
from .report import Report


def reload_fixtures(directory, *, dry_run=False, force=False, using=DEFAULT_DB_ALIAS, progress=None, backup=None):
    """Bring the database to the fixtures in ``directory``; return a Report.

    Raises FixtureError (nothing written) for invalid fixtures and ConflictError
    (nothing written) for rows edited in the admin, unless ``force``. ``progress``,
    if given, is called with a line of text now and then on long reloads; ``backup``
    (default ``settings.FIXTURE_BACKUPS``) copies the database aside before a change.
    """
    synced = synced_models()
    entries = read_fixture_dir(directory, synced)
    plan = make_plan(entries, database_state(using=using), load_records(using=using), force=force)
    report = Report.from_plan(plan, synced, dry_run=dry_run)
    if plan.conflicts:
        raise ConflictError(plan.conflicts)
    if plan.changes and not dry_run and (settings.FIXTURE_BACKUPS if backup is None else backup):
        report.backup = str(write_backup(using=using))

    with transaction.atomic(using=using):
        if plan.changes:
            problems = apply_plan(plan, synced, using=using, progress=progress) + run_checks(using=using)
            if problems:
                raise FixtureError(problems)
        if dry_run:
            transaction.set_rollback(True, using=using)
            return report
        write_records(entries, using=using)
        if plan.changes and using == DEFAULT_DB_ALIAS:
            content_changed()  # derived data (the search index) follows
    return report
