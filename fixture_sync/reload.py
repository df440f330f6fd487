"""Bring the database to the fixture files: validated, atomic, idempotent, editor-safe, in bulk.

Everything happens in one transaction that holds the write lock from its first
statement, so an editor's save cannot land between reading the database and
writing it: it waits, and the next reload sees it as an edit. The steps:

1. if the fixture files and the synced rows are exactly as the last reload left
   them, there is nothing to do (two digests; no file is parsed, no row is kept);
2. check every file (shape, types, characters) without keeping its entries;
3. then a model at a time, in load order, and a batch of entries at a time: plan
   (against the model's keys, revisions and records), validate in memory, write;
4. delete the rows dropped from the fixtures, run the checks of the whole content;
5. if anything was refused, roll everything back; otherwise write the backup (from
   a connection of its own, which sees the database as it was before this
   transaction), note what was written, record it in the rows' history (a
   revision, :mod:`core.revisions`), and announce the changed rows.

So memory holds one model's keys and one batch of entries, not the whole content,
and a refused reload neither changes the database nor leaves a backup behind.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.module_loading import import_string

from core.changes import contents_changed
from core.revisions import record_revision

from .backup import Backup
from .building import build_plan
from .canonical import key_json, synced_models
from .errors import ConflictError, FixtureError
from .models import FixtureRecord
from .planning import Plan, entry_rows_to_compare, plan_entries, plan_rest, removed_rows_to_compare
from .reading import scan_fixture_dir
from .records import forget_records, load_records, update_records
from .report import ModelCounts, Report
from .state import files_digest, load_canonical, model_rows, rows_digest, store_state, unchanged_since_last_reload
from .writing import ModelWriter, delete_rows

BATCH = 2000  # entries planned, validated and written together
PROGRESS_EVERY = 1000


def reload_fixtures(
    directory, *, dry_run=False, force=False, using=DEFAULT_DB_ALIAS, progress=None, backup=None, actions=True
):
    """Bring the database to the fixtures in ``directory``; return a Report.

    Raises FixtureError (nothing written) for invalid fixtures and ConflictError
    (nothing written) for rows edited in the admin, unless ``force``. ``progress``,
    if given, is called with a line of text now and then on long reloads; ``backup``
    (default ``settings.FIXTURE_BACKUPS``) copies the database aside before a change;
    ``actions`` lists every create, update and delete in the report (or only counts them).
    """
    synced = synced_models()
    with transaction.atomic(using=using):
        lock_synced_tables(synced, using=using)
        files = files_digest(directory)
        counts = None if force else unchanged_since_last_reload(files, rows_digest(synced, using=using), using=using)
        if counts is not None:
            return Report.unchanged(counts, synced, dry_run=dry_run)
        fixtures = scan_fixture_dir(directory, synced)
        run = Run(synced, fixtures, force=force, dry_run=dry_run, using=using, progress=progress, actions=actions)
        wanted = not dry_run and (settings.FIXTURE_BACKUPS if backup is None else backup)
        run.backup = Backup(using=using) if wanted else None
        for label in synced:
            run.load_model(label)
        run.finish()
        run.keymaps = None  # room for what follows (the search index), on a large reload
        if dry_run:
            transaction.set_rollback(True, using=using)
            return run.report
        if run.report.changes:
            run.report.backup = run.backup and run.backup.write()
        store_state(files, rows_digest(synced, using=using), run.report.stored_counts(), using=using)
        record_history(run, using=using)
        if run.report.changes and using == DEFAULT_DB_ALIAS:
            contents_changed(run.changed)  # derived data (the search index) follows
    return run.report


class Run:
    """One reload, model by model: what it found, wrote and refused so far."""

    def __init__(self, synced, fixtures, *, force, dry_run, using, progress, actions):
        self.synced, self.fixtures, self.force, self.using, self.progress = synced, fixtures, force, using, progress
        counts = {label: ModelCounts() for label in synced}
        self.report = Report(counts=counts, dry_run=dry_run, actions=[] if actions else None)
        self.keymaps = {}  # {label: {natural key: pk}} of the models later ones refer to
        self.changed = {}  # {model: pks} written, deleted, or shown beside them
        self.written = {}  # {model: pks} created or changed
        self.deletes = []  # (label, key, pk)
        self.problems, self.conflicts = [], []
        self.failed = set()  # (label, key) refused: their dependants are left out
        self.backup = None
        self.done, self.total = 0, fixtures.count()

    def load_model(self, label):
        rows = model_rows(self.synced, label, using=self.using)
        records = load_records(label, using=self.using)
        state = {label: rows}
        self.keymaps[label] = {key: row.pk for key, row in rows.items()}
        writer = ModelWriter(self.synced, label, self.keymaps, rows, self.changed, using=self.using)
        seen = {}  # natural key -> file: the model's entries so far
        batch = []
        for entry in self.fixtures.entries(label, self.synced):
            if entry.key in seen:
                self.problems.append(f"{entry.where()}: duplicate natural key (also in {seen[entry.key]})")
                continue
            seen[entry.key] = entry.file
            batch.append(entry)
            if len(batch) == BATCH:
                self.load_batch(batch, state, records, writer)
                batch = []
        self.load_batch(batch, state, records, writer)
        in_fixtures = {(label, key) for key in seen}
        rest = Plan(force=self.force)
        load_canonical(state, removed_rows_to_compare(in_fixtures, state, records), self.synced, using=self.using)
        plan_rest(rest, in_fixtures, state, records)
        self.take(rest)
        self.deletes.extend((label, key, rows[key].pk) for _, key in rest.deletes)
        self.problems.extend(writer.finish())
        self.failed.update(writer.refused)
        forget_records(records, {(label, key_json(key)) for key in seen}, using=self.using)

    def load_batch(self, entries, state, records, writer):
        if not entries:
            return
        load_canonical(state, entry_rows_to_compare(entries, state, records), self.synced, using=self.using)
        plan = Plan(force=self.force)
        plan_entries(plan, entries, state, records)
        self.take(plan)
        if not self.conflicts:  # after a conflict nothing is written: the rest is planned to name more
            revisions = writer.write_all(self.build(plan)) if plan.changes else {}
            update_records(entries, records, state, revisions, using=self.using)
            for label, key in revisions:
                self.written.setdefault(self.synced[label].model, set()).add(self.keymaps[label][key])
        self.done += len(entries)
        if self.progress and self.total >= PROGRESS_EVERY:
            self.progress(f"  {self.done}/{self.total} objects loaded ({entries[0].label})")

    def build(self, plan):
        """The batch's objects, validated; the problems found noted, the objects refused remembered."""
        if self.backup:
            self.backup.prepare()
        built, problems = build_plan(plan, self.synced, self.keymaps, failed=self.failed, using=self.using)
        self.problems.extend(problems)
        for objects in built.values():
            self.failed.update((each.entry.label, each.entry.key) for each in objects if not each.writable)
        return built

    def take(self, plan):
        self.report.add(plan)
        self.conflicts.extend(plan.conflicts)

    def finish(self):
        """Delete what the fixtures dropped and check the whole; raise if anything was refused."""
        if self.conflicts:
            raise ConflictError(self.conflicts)
        if self.deletes and self.backup:
            self.backup.prepare()
        written = {model._meta.label_lower: set(pks) for model, pks in self.changed.items()}
        self.problems.extend(delete_rows(self.deletes, self.synced, self.changed, written, using=self.using))
        if not self.problems and self.report.changes:
            self.problems.extend(run_checks(written, using=self.using))
        if self.problems:
            raise FixtureError(self.problems)
        FixtureRecord.objects.using(self.using).exclude(model__in=list(self.synced)).delete()


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


def record_history(run, *, using):
    """Record the rows this reload created or changed in their history (one revision).

    A reload writing more than ``FIXTURE_HISTORY_LIMIT`` rows (a large content set loaded
    into an empty database) is not recorded row by row: serialising every row would cost
    the reload twice its own time and memory. The report says so.
    """
    written = sum(len(pks) for pks in run.written.values())
    if written > settings.FIXTURE_HISTORY_LIMIT:
        run.report.history_skipped = written
        return
    record_revision(run.written, comment="Reloaded from fixtures", using=using)
