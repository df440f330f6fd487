"""Bring the database to the fixture files: validated, atomic, idempotent, editor-safe, in bulk.

Everything happens in one transaction that holds the write lock from its first
statement, so an editor's save cannot land between reading the database and
writing it: it waits, and the next reload sees it as an edit. The steps:

1. if the fixture files and the synced rows are exactly as the last reload left
   them, there is nothing to do (two digests; no file is parsed, no row is read);
2. read the files, read each synced row's key and revision, and plan;
3. validate the whole plan in memory; write the backup; write, model by model;
4. note what was written, and announce the changed rows (the search index follows).
"""

from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.module_loading import import_string

from core.changes import contents_changed

from .backup import write_backup
from .building import build_plan
from .canonical import synced_models
from .errors import ConflictError, FixtureError
from .planning import make_plan, rows_to_compare
from .reading import read_fixture_dir
from .records import load_records, update_records
from .report import Report
from .state import current_rows, files_digest, load_canonical, rows_digest, store_state, unchanged_since_last_reload
from .writing import write_plan


def reload_fixtures(directory, *, dry_run=False, force=False, using=DEFAULT_DB_ALIAS, progress=None, backup=None):
    """Bring the database to the fixtures in ``directory``; return a Report.

    Raises FixtureError (nothing written) for invalid fixtures and ConflictError
    (nothing written) for rows edited in the admin, unless ``force``. ``progress``,
    if given, is called with a line of text now and then on long reloads; ``backup``
    (default ``settings.FIXTURE_BACKUPS``) copies the database aside before a change.
    """
    synced = synced_models()
    with transaction.atomic(using=using):
        lock_synced_tables(synced, using=using)
        state = current_rows(synced, using=using)
        files = files_digest(directory)
        counts = None if force else unchanged_since_last_reload(files, rows_digest(state), using=using)
        if counts is not None:
            return Report.unchanged(counts, synced, dry_run=dry_run)
        entries = read_fixture_dir(directory, synced)
        records = load_records(using=using)
        load_canonical(state, rows_to_compare(entries, state, records), synced, using=using)
        plan = make_plan(entries, state, records, force=force)
        report = Report.from_plan(plan, synced, dry_run=dry_run)
        if plan.conflicts:
            raise ConflictError(plan.conflicts)
        built, problems = build_plan(plan, synced, state, using=using)
        if problems:
            raise FixtureError(problems)
        if plan.changes and not dry_run and (settings.FIXTURE_BACKUPS if backup is None else backup):
            report.backup = str(write_backup(using=using))
        try:
            written, shown_on, problems = write_plan(plan, built, synced, state, using=using, progress=progress)
            problems += run_checks(written, using=using) if plan.changes else []
            if problems:
                raise FixtureError(problems)
        except BaseException:
            discard_backup(report.backup)  # nothing is changed: no backup is left behind
            raise
        if dry_run:
            transaction.set_rollback(True, using=using)
            return report
        revisions = {(each.entry.label, each.entry.key): each.obj.revision for rows in built.values() for each in rows}
        del built, plan  # what follows (records, the search index) needs room more than these
        update_records(entries, records, state, revisions, using=using)
        del entries, records, state
        store_state(files, rows_digest(current_rows(synced, using=using)), report.stored_counts(), using=using)
        if report.changes and using == DEFAULT_DB_ALIAS:
            contents_changed(shown_on)  # derived data (the search index) follows
    return report


def discard_backup(path):
    if path and Path(path).is_file():
        Path(path).unlink()


def lock_synced_tables(synced, *, using):
    """Hold off writers of the synced rows until this transaction ends.

    SQLite takes the database's write lock when the transaction begins (the project
    opens transactions IMMEDIATE); PostgreSQL is asked explicitly, in a mode that
    lets readers read on.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model.model._meta.db_table) for model in synced.values())
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def run_checks(written, *, using):
    """Run every check of ``settings.FIXTURE_CHECKS`` on the written rows; return their problems."""
    problems = []
    for path in settings.FIXTURE_CHECKS:
        problems.extend(import_string(path)(using=using, changed=written))
    return problems
