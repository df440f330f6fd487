"""Bring the database to the fixture files: validated, atomic, idempotent, editor-safe, in bulk. One
transaction, holding the write lock from its first statement, writes the rows, their history, the search
index and the content version, then the backup: any problem rolls everything back."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count

from core.changes import contents_changed
from core.locks import content_transaction
from core.revisions import record_revision

from .backup import Backup
from .canonical import key_json, synced_models
from .errors import FixtureError
from .files import read_entries, scan_fixture_dir
from .loading import Loader
from .models import FixtureRecord, FixtureState

PROGRESS_EVERY = 1000  # entries of a model worth a line of progress


def reload_fixtures(directory, *, dry_run=False, force=False, using=DEFAULT_DB_ALIAS, progress=None, backup=None):
    """Return a Report; raise FixtureError, ConflictError (unless ``force``) or BackupError, writing nothing."""
    wanted = not dry_run and (settings.FIXTURE_BACKUPS if backup is None else backup)
    before = Backup(using=using) if wanted else None
    try:
        with content_transaction(using=using, exclusive=True):
            report = load(directory, dry_run=dry_run, force=force, using=using, progress=progress)
            if report.changes and before:
                report.backup = str(before.write())  # last: only the commit comes after it
    except BaseException:
        if before:
            before.discard()
        raise
    if report.backup:
        before.prune(settings.FIXTURE_BACKUPS_KEPT)
    return report


def load(directory, *, dry_run, force, using, progress):
    synced = synced_models()
    lock_synced_tables(synced, using=using)
    files = files_digest(directory)
    last = FixtureState.objects.using(using).first()
    if not force and last and (last.files_digest, last.rows_digest) == (files, rows_digest(synced, using=using)):
        return Report.unchanged(last.counts, synced)
    fixtures = scan_fixture_dir(directory, synced)
    check_every_model_held(fixtures, synced, using=using)
    loader = Loader(synced, Report(), force=force, using=using)
    for label in synced:
        entries, problems = read_entries(fixtures, label, synced)
        if progress and len(entries) >= PROGRESS_EVERY:
            progress(f"  {label}: {len(entries)} entries")
        loader.problems.extend(problems)
        loader.load(label, entries)
    loader.finish()
    report = loader.report
    if dry_run:
        transaction.set_rollback(True, using=using)
        return report
    FixtureState.objects.using(using).delete()
    if files is not None:
        rows = rows_digest(synced, using=using)
        FixtureState.objects.using(using).create(files_digest=files, rows_digest=rows, counts=report.stored_counts())
    if (count := sum(len(pks) for pks in loader.written.values())) > settings.FIXTURE_HISTORY_LIMIT:
        report.history_skipped = count  # recording each row would cost twice the reload
    elif count:
        record_revision(loader.written, comment="Reloaded from fixtures", using=using)
    if report.changes and using == DEFAULT_DB_ALIAS:
        contents_changed(loader.changed)  # the search index and the content version follow
    return report


def check_every_model_held(fixtures, synced, *, using):
    """Refuse a model no file holds whose rows an earlier reload loaded: a file lost to a checkout or a typo
    would otherwise delete them all."""
    held = {path.stem.lower() for path, labels in fixtures.items() if not labels}.union(*fixtures.values())
    lost = FixtureRecord.objects.using(using).exclude(model__in=held).filter(model__in=list(synced))
    if counts := dict(lost.order_by("model").values_list("model").annotate(n=Count("pk"))):
        raise FixtureError(
            [
                f"{label}: no fixture file holds it, but the last reload loaded {n} of its rows: restore {label}.json "
                "(export_fixtures writes one per model), or write [] in it to delete them"
                for label, n in counts.items()
            ]
        )


def lock_synced_tables(synced, *, using):
    """Hold off writers until the transaction ends: SQLite's transactions are IMMEDIATE (settings);
    PostgreSQL is asked, in a mode that lets readers read on."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model.model._meta.db_table) for model in synced.values())
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def files_digest(directory):  # None when a file cannot be read
    digest = hashlib.sha256()
    try:
        for path in sorted(Path(directory).glob("*.json")):
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    except (OSError, ValueError):
        return None  # the reader names the problem
    return digest.hexdigest()


def rows_digest(synced, *, using):  # one query per model
    digest = hashlib.sha256()
    for label, model in synced.items():
        for pk, revision in model.manager(using).values_list("pk", "revision").order_by("pk").iterator(5000):
            digest.update(f"{label} {pk} {revision}\n".encode())
    return digest.hexdigest()


@dataclass
class ModelCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changes(self):
        return self.created + self.updated + self.deleted


@dataclass
class Report:
    """What a reload did, or with ``dry_run`` would do: counts per model, in load order, and the actions."""

    counts: dict = field(default_factory=dict)  # {label: ModelCounts}
    actions: list = field(default_factory=list)  # ("create" | "update" | "delete", label, key as JSON)
    forced: list = field(default_factory=list)
    kept: int = 0  # rows editors created that the fixtures do not know
    backup: str | None = None
    history_skipped: int = 0  # rows written but not recorded in their history (too many)

    def add(self, label, plan):
        self.counts[label] = ModelCounts(*map(len, (plan.creates, plan.updates, plan.deletes, plan.unchanged)))
        self.forced += plan.forced
        self.kept += plan.kept
        self.actions += [("create", label, entry.key_json) for entry in plan.creates]
        self.actions += [("update", label, entry.key_json) for entry in plan.updates]
        self.actions += [("delete", label, key_json(key)) for key in plan.deletes]

    @classmethod
    def unchanged(cls, stored, labels):  # from the counts the last reload stored
        counts = {label: ModelCounts(unchanged=stored.get("entries", {}).get(label, 0)) for label in labels}
        return cls(counts, kept=stored.get("kept", 0))

    def stored_counts(self):
        entries = {label: c.created + c.updated + c.unchanged for label, c in self.counts.items()}
        return {"entries": entries, "kept": self.kept}

    @property
    def changes(self):
        return sum(counts.changes for counts in self.counts.values())

    def summary_lines(self):
        for label, c in self.counts.items():
            yield f"{label}: {c.created} created, {c.updated} updated, {c.deleted} deleted, {c.unchanged} unchanged"
        if self.history_skipped:
            limit = "more than FIXTURE_HISTORY_LIMIT: not recorded row by row"
            yield f"history: {self.history_skipped} rows written, {limit}"
        if self.kept:
            yield f"{self.kept} row(s) not in the fixtures (created in the admin, or synthetic) left alone."
        if self.backup:
            yield f"Backup written before changing anything: {self.backup}"
