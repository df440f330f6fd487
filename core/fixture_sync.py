"""Bring the database to the fixture files in ``fixtures/``, and write it back.

The fixture format is Django's serialisation with natural keys and no primary keys,
one file per model (``facts.fact.json``), entries sorted by natural key, many-to-many
lists sorted, two-space indentation: :func:`export_fixtures` writes exactly that, and
:func:`reload_fixtures` reads any set of such files.

Editors' work is protected by :class:`core.models.FixtureRecord`: for every row a
reload wrote it keeps a digest of the fixture entry and one of the row as written.
A row whose digest has moved since was edited in the admin; a reload that would touch
it stops and names it, unless forced.
"""

import hashlib
import json
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from shutil import which

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from core.models import FixtureRecord

# Load order: every model after the ones it refers to (facts refer to facts: forward
# references within that model are resolved after all of them are saved).
SYNC_MODELS = [
    ("core.topic", ("slug",)),
    ("articles.outlet", ("slug",)),
    ("countries.country", ("iso_code",)),
    ("events.event", ("slug",)),
    ("articles.article", ("slug",)),
    ("facts.fact", ("slug",)),
    ("facts.citation", ("fact", "article", "quote")),
    ("countries.countrystatus", ("country", "status")),
]
KEY_FIELDS = dict(SYNC_MODELS)
ORDER = {label: index for index, (label, _) in enumerate(SYNC_MODELS)}
# Derived from other fields; recomputed on load, never stored in fixtures.
DERIVED_FIELDS = {"facts.citation": ("start", "end")}
SELECT_RELATED = {
    "articles.article": ("outlet",),
    "facts.fact": ("topic", "superseded_by"),
    "facts.citation": ("fact", "article"),
    "countries.countrystatus": ("country", "decided_at", "fact"),
    "events.event": ("host_country",),
}
SYNTHETIC_PREFIX = "synthetic-"
SYNTHETIC_FILTERS = {
    "core.topic": {"slug__startswith": SYNTHETIC_PREFIX},
    "articles.outlet": {"slug__startswith": SYNTHETIC_PREFIX},
    "events.event": {"slug__startswith": SYNTHETIC_PREFIX},
    "articles.article": {"slug__startswith": SYNTHETIC_PREFIX},
    "facts.fact": {"slug__startswith": SYNTHETIC_PREFIX},
    "facts.citation": {"fact__slug__startswith": SYNTHETIC_PREFIX},
}
PROGRESS_EVERY = 1000


class FixtureError(Exception):
    """Fixtures that cannot be loaded: every problem, each naming file, object and field."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class ConflictError(Exception):
    """Rows edited in the admin since the last reload, which the reload would overwrite."""

    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__("\n".join(conflicts))


@dataclass
class Entry:
    file: str
    label: str
    fields: dict
    key: tuple

    @property
    def key_json(self):
        return key_json(self.key)

    @property
    def canonical(self):
        return {"model": self.label, "fields": self.fields}

    def where(self):
        return f"{self.file}: {self.label} {self.key_json}"


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
    counts: dict = field(default_factory=lambda: {label: ModelCounts() for label, _ in SYNC_MODELS})
    actions: list = field(default_factory=list)  # ("create" | "update" | "delete", label, key_json)
    forced: list = field(default_factory=list)
    kept: int = 0  # rows editors created that the fixtures do not know
    backup: str | None = None
    dry_run: bool = False

    @property
    def changes(self):
        return sum(counts.changes for counts in self.counts.values())

    def summary_lines(self):
        for label, counts in self.counts.items():
            yield (
                f"{label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.deleted} deleted, {counts.unchanged} unchanged"
            )


def key_json(key):
    return json.dumps(list(key), ensure_ascii=False)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def digest(canonical):
    return sha(json.dumps(canonical, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder))


def natural_key_from_fields(label, fields):
    key = []
    for name in KEY_FIELDS[label]:
        value = fields.get(name)
        if isinstance(value, list):
            key.extend(value)
        else:
            key.append(value)
    return tuple(key)


# Reading the database --------------------------------------------------------------


def _normalise(data):
    """JSON-ready canonical form: derived fields dropped, many-to-many lists sorted."""
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    fields = data["fields"]
    for name in DERIVED_FIELDS.get(data["model"], ()):
        fields.pop(name, None)
    model = apps.get_model(data["model"])
    for m2m in model._meta.many_to_many:
        if m2m.name in fields:
            fields[m2m.name] = sorted(fields[m2m.name], key=key_json)
    return {"model": data["model"], "fields": fields}


def sync_queryset(label, *, synthetic=True, using=DEFAULT_DB_ALIAS):
    model = apps.get_model(label)
    queryset = model._default_manager.db_manager(using).all()
    queryset = queryset.select_related(*SELECT_RELATED.get(label, ()))
    queryset = queryset.prefetch_related(*(m2m.name for m2m in model._meta.many_to_many))
    if not synthetic and label in SYNTHETIC_FILTERS:
        queryset = queryset.exclude(**SYNTHETIC_FILTERS[label])
    return queryset.order_by("pk")


def serialize_rows(label, queryset):
    """{natural key: canonical dict} for the rows of ``queryset``."""
    rows = {}
    for data in serializers.serialize(
        "python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=True
    ):
        canonical = _normalise(data)
        rows[natural_key_from_fields(label, canonical["fields"])] = canonical
    return rows


def database_state(*, synthetic=True, using=DEFAULT_DB_ALIAS):
    return {
        label: serialize_rows(label, sync_queryset(label, synthetic=synthetic, using=using))
        for label, _ in SYNC_MODELS
    }


def changed_since_reload(obj):
    """True if ``obj`` was edited after the last reload; None if no reload wrote it."""
    label = obj._meta.label_lower
    if label not in KEY_FIELDS:
        return None
    canonical = _normalise(
        serializers.serialize("python", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True)[0]
    )
    key = natural_key_from_fields(label, canonical["fields"])
    record = FixtureRecord.objects.filter(model=label, key_digest=sha(key_json(key))).first()
    if record is None:
        return None
    return record.db_digest != digest(canonical)


# Reading fixture files -------------------------------------------------------------


def read_fixture_dir(directory):
    """Parse every ``*.json`` file of ``directory`` into entries, or raise FixtureError."""
    directory = Path(directory)
    problems = []
    entries = []
    if not directory.is_dir():
        raise FixtureError([f"{directory}: not a directory"])
    files = sorted(directory.glob("*.json"))
    if not files:
        raise FixtureError([f"{directory}: no fixture files (*.json)"])
    for path in files:
        name = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            problems.append(f"{name}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
            continue
        except UnicodeDecodeError as error:
            problems.append(f"{name}: not UTF-8 text ({error.reason})")
            continue
        if not isinstance(data, list):
            problems.append(f"{name}: expected a list of objects, found {type(data).__name__}")
            continue
        for index, item in enumerate(data):
            where = f"{name}: object #{index + 1}"
            if not isinstance(item, dict) or not isinstance(item.get("fields"), dict) or "model" not in item:
                problems.append(f"{where}: expected {{'model': ..., 'fields': {{...}}}}")
                continue
            label = str(item["model"]).lower()
            if label not in KEY_FIELDS:
                problems.append(f"{where}: unknown model {item['model']!r}")
                continue
            if "pk" in item:
                problems.append(f"{where} ({label}): has a primary key; fixtures use natural keys only")
                continue
            missing = [name for name in KEY_FIELDS[label] if item["fields"].get(name) in (None, "", [])]
            if missing:
                problems.append(f"{where} ({label}): natural key field(s) missing: {', '.join(missing)}")
                continue
            fields = dict(item["fields"])
            for derived in DERIVED_FIELDS.get(label, ()):
                fields.pop(derived, None)
            entry = Entry(name, label, fields, natural_key_from_fields(label, fields))
            entries.append(entry)
    seen = {}
    for entry in entries:
        previous = seen.setdefault((entry.label, entry.key), entry)
        if previous is not entry:
            problems.append(f"{entry.where()}: duplicate natural key (also in {previous.file})")
    if problems:
        raise FixtureError(problems)
    entries.sort(key=lambda entry: ORDER[entry.label])
    return entries


# Planning -------------------------------------------------------------------------


@dataclass
class Plan:
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    deletes: list = field(default_factory=list)  # (label, key)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    forced: list = field(default_factory=list)
    kept: int = 0

    @property
    def changes(self):
        return len(self.creates) + len(self.updates) + len(self.deletes)


def make_plan(entries, state, records, *, force):
    """Decide, for every fixture entry and every recorded row, what the reload does."""
    plan = Plan()
    in_fixtures = set()

    def conflict(message, action):
        if force:
            plan.forced.append(message)
            action()
        else:
            plan.conflicts.append(message)

    for entry in entries:
        in_fixtures.add((entry.label, entry.key))
        current = state[entry.label].get(entry.key)
        record = records.get((entry.label, entry.key_json))
        source = digest(entry.canonical)
        if current is None:
            if record is None:
                plan.creates.append(entry)
            else:
                conflict(
                    f"{entry.where()}: deleted in the admin since the last reload",
                    lambda e=entry: plan.creates.append(e),
                )
            continue
        now = digest(current)
        if record is None:
            if current == entry.canonical:
                plan.unchanged.append(entry)
            else:
                conflict(
                    f"{entry.where()}: exists in the database but was not loaded from fixtures, and differs",
                    lambda e=entry: plan.updates.append(e),
                )
            continue
        edited = now != record.db_digest
        if source == record.source_digest and not edited:
            plan.unchanged.append(entry)
        elif current == entry.canonical:
            plan.unchanged.append(entry)  # the edit and the fixture agree
        elif edited:
            conflict(
                f"{entry.where()}: edited in the admin since the last reload", lambda e=entry: plan.updates.append(e)
            )
        else:
            plan.updates.append(entry)
    for (label, key_text), record in records.items():
        key = tuple(json.loads(key_text))
        if (label, key) in in_fixtures:
            continue
        current = state[label].get(key)
        if current is None:
            continue
        if digest(current) == record.db_digest:
            plan.deletes.append((label, key))
        else:
            conflict(
                f"{label} {key_text}: removed from the fixtures but edited in the admin since the last reload",
                lambda item=(label, key): plan.deletes.append(item),
            )
    for label, rows in state.items():
        plan.kept += sum(
            1 for key in rows if (label, key) not in in_fixtures and (label, key_json(key)) not in records
        )
    return plan


# Writing ---------------------------------------------------------------------------


def _deserialize(entry, using):
    model = apps.get_model(entry.label)
    forward = any(f.related_model is model for f in model._meta.get_fields() if f.is_relation)
    return list(serializers.deserialize("python", [entry.canonical], using=using, handle_forward_references=forward))[
        0
    ]


def _describe_deserialization_error(entry, error):
    original = getattr(error, "__cause__", None) or error
    text = str(original).splitlines()[0] if str(original) else type(original).__name__
    field_value = getattr(error, "field_value", None)
    if isinstance(original, ObjectDoesNotExist) or "does not exist" in text:
        reference = f" {json.dumps(field_value, ensure_ascii=False)}" if field_value is not None else ""
        return f"{entry.where()}: dangling reference{reference}: {text}"
    if isinstance(original, FieldDoesNotExist):
        return f"{entry.where()}: {text}"
    return f"{entry.where()}: {text}"


def _validation_problems(entry, error):
    if hasattr(error, "message_dict"):
        return [
            f"{entry.where()}: {name if name != '__all__' else 'object'}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [f"{entry.where()}: {message}" for message in error.messages]


def _apply(plan, *, using, progress):
    """Write the plan inside the caller's transaction; return the problems found."""
    problems = []
    saved = []  # (entry, deserialized object)
    deferred = []
    total = len(plan.creates) + len(plan.updates)
    for done, entry in enumerate(sorted(plan.creates + plan.updates, key=lambda e: ORDER[e.label]), 1):
        if progress and total >= PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
            progress(f"  {done}/{total} objects checked and written")
        try:
            deserialized = _deserialize(entry, using)
        except (DeserializationError, ObjectDoesNotExist, FieldDoesNotExist, ValidationError) as error:
            problems.append(_describe_deserialization_error(entry, error))
            continue
        obj = deserialized.object
        # The deserializer found the row by its natural key; validate it as an update.
        obj._state.adding = obj.pk is None
        try:
            obj.full_clean(exclude=[f.name for f in deserialized.deferred_fields or ()])
        except ValidationError as error:
            problems.extend(_validation_problems(entry, error))
            continue
        try:
            with transaction.atomic(using=using):
                deserialized.save(using=using)
        except IntegrityError as error:
            problems.append(f"{entry.where()}: refused by the database: {error}")
            continue
        saved.append((entry, deserialized))
        if deserialized.deferred_fields:
            deferred.append((entry, deserialized))
    for entry, deserialized in deferred:
        try:
            deserialized.save_deferred_fields(using=using)
        except (DeserializationError, ObjectDoesNotExist) as error:
            problems.append(_describe_deserialization_error(entry, error))
    for label, key in sorted(plan.deletes, key=lambda item: -ORDER[item[0]]):
        model = apps.get_model(label)
        filters = _lookup_for_key(label, key)
        try:
            with transaction.atomic(using=using):
                model._default_manager.db_manager(using).filter(**filters).delete()
        except (ProtectedError, IntegrityError) as error:
            problems.append(f"{label} {key_json(key)}: cannot be deleted, other rows still refer to it ({error})")
    problems.extend(_check_citations(using))
    return problems


def _lookup_for_key(label, key):
    model = apps.get_model(label)
    lookups = {}
    values = list(key)
    for name in KEY_FIELDS[label]:
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            related = model_field.related_model
            related_keys = KEY_FIELDS[related._meta.label_lower]
            for related_name in related_keys:
                lookups[f"{name}__{related_name}"] = values.pop(0)
        else:
            lookups[name] = values.pop(0)
    return lookups


def _check_citations(using):
    """Every citation, old or new, still quotes its article verbatim (bodies may change)."""
    from facts.models import Citation, locate_quote, quote_error

    problems = []
    moved = []
    for citation in Citation.objects.using(using).select_related("article", "fact"):
        position = locate_quote(citation.article.body, citation.quote, hint=citation.start)
        if position is None:
            message = quote_error(citation.article, citation.quote)
            problems.append(f"facts.citation {key_json(citation.natural_key())}: quote: {message}")
        elif position != (citation.start, citation.end):
            citation.start, citation.end = position
            moved.append(citation)
    Citation.objects.using(using).bulk_update(moved, ["start", "end"], batch_size=500)
    return problems


def _write_records(entries, *, using):
    """Remember what each fixture entry looked like and what the row became."""
    state = database_state(using=using)
    wanted = {}
    for entry in entries:
        row = state[entry.label].get(entry.key)
        if row is None:
            continue
        key_text = entry.key_json
        wanted[(entry.label, sha(key_text))] = (key_text, digest(entry.canonical), digest(row))
    _store_records(wanted, using=using)


def _store_records(wanted, *, using):
    existing = {(r.model, r.key_digest): r for r in FixtureRecord.objects.using(using)}
    to_create, to_update = [], []
    for (label, key_digest), (key_text, source, row) in wanted.items():
        record = existing.pop((label, key_digest), None)
        if record is None:
            to_create.append(
                FixtureRecord(model=label, key=key_text, key_digest=key_digest, source_digest=source, db_digest=row)
            )
        elif (record.source_digest, record.db_digest) != (source, row):
            record.source_digest, record.db_digest = source, row
            record.loaded_at = timezone.now()
            to_update.append(record)
    FixtureRecord.objects.using(using).bulk_create(to_create, batch_size=500)
    FixtureRecord.objects.using(using).bulk_update(
        to_update, ["source_digest", "db_digest", "loaded_at"], batch_size=500
    )
    FixtureRecord.objects.using(using).filter(pk__in=[r.pk for r in existing.values()]).delete()


def _records(using):
    return {(r.model, r.key): r for r in FixtureRecord.objects.using(using)}


class _Rollback(Exception):
    pass


def rebuild_search_index():
    """The search index is derived from the content; rebuild it after a reload changed any."""
    from search.index import rebuild_search_index as rebuild

    rebuild()


def reload_fixtures(directory, *, dry_run=False, force=False, using=DEFAULT_DB_ALIAS, progress=None, backup=None):
    """Bring the database to the fixtures in ``directory``; return a Report.

    Raises FixtureError (nothing written) for invalid fixtures and ConflictError
    (nothing written) for rows edited in the admin, unless ``force``.
    """
    from django.conf import settings

    if backup is None:
        backup = settings.FIXTURE_BACKUPS
    entries = read_fixture_dir(directory)
    state = database_state(using=using)
    records = _records(using)
    plan = make_plan(entries, state, records, force=force)
    report = Report(dry_run=dry_run, forced=plan.forced, kept=plan.kept)
    for entry in plan.creates:
        report.counts[entry.label].created += 1
        report.actions.append(("create", entry.label, entry.key_json))
    for entry in plan.updates:
        report.counts[entry.label].updated += 1
        report.actions.append(("update", entry.label, entry.key_json))
    for label, key in plan.deletes:
        report.counts[label].deleted += 1
        report.actions.append(("delete", label, key_json(key)))
    for entry in plan.unchanged:
        report.counts[entry.label].unchanged += 1

    if plan.conflicts:
        raise ConflictError(plan.conflicts)
    if plan.changes and not dry_run and backup:
        report.backup = str(write_backup(using=using))
    try:
        with transaction.atomic(using=using):
            problems = _apply(plan, using=using, progress=progress) if plan.changes else []
            if problems:
                raise FixtureError(problems)
            if dry_run:
                raise _Rollback
            _write_records(entries, using=using)
            if plan.changes and using == DEFAULT_DB_ALIAS:
                rebuild_search_index()
    except _Rollback:
        pass
    return report


# Backups ---------------------------------------------------------------------------


def write_backup(*, using=DEFAULT_DB_ALIAS, directory=None):
    """Copy the database aside before a reload changes it; return the path written."""
    from django.conf import settings

    directory = Path(directory or settings.FIXTURE_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    connection = connections[using]
    if connection.vendor == "sqlite":
        target = directory / f"before-reload-{stamp}.sqlite3"
        connection.ensure_connection()
        if connection.is_in_memory_db():
            # A shared-cache in-memory database (the test database) cannot be read by
            # the backup API while its own connection holds the write lock.
            target.write_bytes(connection.connection.serialize())
            return target
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if connection.vendor == "postgresql" and which("pg_dump"):
        params = connection.get_connection_params()
        target = directory / f"before-reload-{stamp}.sql"
        command = ["pg_dump", "--no-owner", "--file", str(target), "--dbname", params.get("dbname") or ""]
        for flag, name in (("--host", "host"), ("--port", "port"), ("--username", "user")):
            if params.get(name):
                command += [flag, str(params[name])]
        env = None
        if params.get("password"):
            import os

            env = {**os.environ, "PGPASSWORD": params["password"]}
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if result.returncode == 0:
            return target
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode
        return f"no backup: pg_dump failed ({reason})"
    return f"no backup: no backup tool for {connection.vendor}"


# Export ----------------------------------------------------------------------------


def fixture_text(rows):
    ordered = [rows[key] for key in sorted(rows, key=key_json)]
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def export_fixtures(directory, *, synthetic=False, using=DEFAULT_DB_ALIAS):
    """Write every synced model to ``directory/<label>.json``; return {path: rows}.

    The rows written become the new reference for conflict detection, so that a
    reload of the exported files changes nothing.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    wanted = {}
    state = database_state(synthetic=synthetic, using=using)
    for label, rows in state.items():
        path = directory / f"{label}.json"
        text = fixture_text(rows)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written[path] = len(rows)
        for key, row in rows.items():
            key_text = key_json(key)
            wanted[(label, sha(key_text))] = (key_text, digest(row), digest(row))
    with transaction.atomic(using=using):
        _store_records(wanted, using=using)
    return written
