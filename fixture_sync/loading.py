"""Load the fixture entries a model at a time: plan, build and validate (``full_clean``) in memory, write in
bulk. Models load in order, so the rows an entry refers to are written already and found by natural key in
memory (``keymaps``), not by a query per reference; the database's constraints are the last guard."""

import json
from collections import Counter, namedtuple
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.module_loading import import_string

from core.batches import batches

from .canonical import key_json, model_rows, serialize_rows, sha
from .errors import ConflictError, FixtureError
from .models import FixtureRecord

BATCH = 500  # rows per INSERT or UPDATE statement


Record = namedtuple("Record", "pk source_digest revision")  # what the last reload noted of a row


@dataclass
class Plan:
    force: bool = False
    creates: list = field(default_factory=list)  # entries
    updates: list = field(default_factory=list)  # entries
    deletes: list = field(default_factory=list)  # natural keys
    unchanged: list = field(default_factory=list)  # entries
    conflicts: list = field(default_factory=list)  # messages: the reload is refused
    forced: list = field(default_factory=list)  # messages: overwritten because of ``force``
    kept: int = 0  # rows editors created that the fixtures do not know

    def conflict(self, message, actions, item):  # an editor's work is in the way
        (self.forced if self.force else self.conflicts).append(message)
        if self.force:
            actions.append(item)


def edited(row, record):  # no record, or one without a revision: unknown, so read it
    return record is None or record.revision is None or row.revision != record.revision


def plan_model(label, entries, rows, records, canonical, *, force=False):
    """What to do with one model's ``entries`` ({key: Entry}), ``rows`` ({key: Row}), ``records`` ({key as JSON:
    Record}); ``canonical`` has the rows edited since the last reload or never loaded."""
    plan = Plan(force=force)
    for key, entry in entries.items():
        row, record = rows.get(key), records.get(entry.key_json)
        if row is None and record is None:
            plan.creates.append(entry)
        elif row is None:
            plan.conflict(f"{entry.where()}: deleted in the admin since the last reload", plan.creates, entry)
        elif not edited(row, record):
            (plan.unchanged if entry.digest == record.source_digest else plan.updates).append(entry)
        elif canonical[key] == entry.canonical:
            plan.unchanged.append(entry)  # the edit and the fixture agree
        elif record is None:
            message = "exists in the database but was not loaded from fixtures, and differs"
            plan.conflict(f"{entry.where()}: {message}", plan.updates, entry)
        else:
            plan.conflict(f"{entry.where()}: edited in the admin since the last reload", plan.updates, entry)
    for key_text, record in records.items():
        key = tuple(json.loads(key_text))
        if key in entries or key not in rows:
            continue
        if edited(rows[key], record):
            message = f"{label} {key_text}: removed from the fixtures but edited in the admin since the last reload"
            plan.conflict(message, plan.deletes, key)
        else:
            plan.deletes.append(key)
    plan.kept = sum(1 for key in rows if key not in entries and key_json(key) not in records)
    return plan


@dataclass(eq=False)
class Built:  # an entry as an unsaved instance, its references as natural keys
    entry: object
    obj: object
    created: bool
    references: dict = field(default_factory=dict)  # foreign key name -> natural key or None
    links: dict = field(default_factory=dict)  # many-to-many name -> [natural keys]
    ok: bool = True


class Loader:
    """One reload, model by model."""

    def __init__(self, synced, report, *, force, using):
        self.synced, self.report, self.force, self.using = synced, report, force, using
        self.keymaps = {}  # {label: {natural key: pk}} of the models loaded so far
        self.changed = {}  # {model: pks} written or deleted, and the rows shown beside them
        self.written = {}  # {model: pks} created or updated
        self.deletes = {}  # {label: {pk: label and key, to name the row}}
        self.problems, self.conflicts = [], []
        self.failed = set()  # (label, key) refused: their dependants are left out without a message

    def load(self, label, entries):
        synced = self.synced[label]
        rows = model_rows(synced, using=self.using)
        values = FixtureRecord.objects.using(self.using).filter(model=label)
        records = {key: Record(*rest) for key, *rest in values.values_list("key", "pk", "source_digest", "revision")}
        # Compared field by field: the rows edited since the last reload, or never loaded.
        compare = [row.pk for key, row in rows.items() if key in entries and edited(row, records.get(key_json(key)))]
        canonical = {}
        for batch in batches(sorted(compare)):
            canonical.update(serialize_rows(synced, using=self.using, pks=batch))
        plan = plan_model(label, entries, rows, records, canonical, force=self.force)
        self.report.add(label, plan)
        self.conflicts.extend(plan.conflicts)
        self.keymaps[label] = {key: row.pk for key, row in rows.items()}
        self.entries = entries
        revisions = self.write(synced, self.build(synced, plan.creates + plan.updates, rows), rows)
        self.deletes[label] = {rows[key].pk: f"{label} {key_json(key)}" for key in plan.deletes}
        self.store_records(label, rows, records, revisions)

    def build(self, synced, entries, rows):
        """Instances of ``entries``, validated; those refused, or referring to refused rows, left out."""
        built = []
        for entry in entries:
            row = rows.get(entry.key)
            each = Built(entry, synced.model(pk=row and row.pk), created=row is None)
            for name, value in entry.fields.items():
                model_field = synced.model._meta.get_field(name)
                if not model_field.is_relation:
                    setattr(each.obj, model_field.attname, value)  # converted by clean_fields()
                elif model_field.many_to_many:
                    each.links[name] = [self.reference(each, model_field, key) for key in value]
                else:
                    each.references[name] = value and self.reference(each, model_field, value)
            built.append(each)
        self.validate(synced, [each for each in built if each.ok])
        self.failed.update((synced.label, each.entry.key) for each in built if not each.ok)
        return [each for each in built if each.ok]

    def reference(self, each, model_field, value):
        key, label = tuple(str(part) for part in value), model_field.related_model._meta.label_lower
        if (label, key) in self.failed:
            each.ok = False
        elif key not in self.keymaps[label] and not (label == each.entry.label and key in self.entries):
            each.ok = False
            message = f"dangling reference: no {label} {list(key)} in the fixtures or the database"
            self.problems.append(f"{each.entry.where()}: {model_field.name}: {message}")
        return key

    def validate(self, synced, built):
        """Point each foreign key at its row (at hand for ``clean()``) and validate each object."""
        for name in synced.foreign_keys:
            model_field = synced.model._meta.get_field(name)
            keymap = self.keymaps[model_field.related_model._meta.label_lower]
            pks = {each: keymap.get(each.references[name]) for each in built if each.references.get(name)}
            related = {}
            if model_field.related_model is not synced.model:  # a row of the same model: clean() reads its id
                manager = model_field.related_model._default_manager.db_manager(self.using)
                for batch in batches(sorted(set(pks.values()) - {None})):
                    related.update(manager.in_bulk(batch))
            for each, pk in pks.items():
                setattr(each.obj, model_field.attname, pk)
                if pk in related:
                    model_field.set_cached_value(each.obj, related[pk])
        exclude = {*synced.foreign_keys, *synced.many_to_many, *synced.derived_fields}
        for each in built:
            try:  # full_clean() less what the database checks in bulk, and clean() only on converted values
                each.obj.clean_fields(exclude=exclude)
                each.obj.clean()
            except ValidationError as error:
                each.ok = False
                messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
                for name, texts in messages.items():
                    name = "object" if name == NON_FIELD_ERRORS else name
                    self.problems.extend(f"{each.entry.where()}: {name}: {text}" for text in texts)

    def write(self, synced, built, rows):
        """Write the rows in bulk, then their references within the model and their many-to-many links;
        {natural key: revision} of the rows written."""
        manager, now, where = synced.manager(self.using), timezone.now(), lambda each: each.entry.where()
        for each in built:
            each.obj.revision = 1 if each.created else rows[each.entry.key].revision + 1
            each.obj.modified_at = now
        kept = {name for cls in synced.model.__mro__ for name in vars(cls).get("FIELDS_KEPT_ON_RELOAD", ())}
        fields = [f.name for f in synced.model._meta.concrete_fields if not f.primary_key and f.name not in kept]
        creates, updates = [each for each in built if each.created], [each for each in built if not each.created]
        refused = self.each_or_all(creates, lambda items: self.insert(synced, [b.obj for b in items]), where)
        if inserted := [each for each in creates if each not in refused]:  # their ids, read back by natural key
            rows = model_rows(synced, using=self.using)
            for each in inserted:
                each.obj.pk, each.obj._state.adding, each.obj._state.db = rows[each.entry.key].pk, False, self.using
        refused += self.each_or_all(
            updates, lambda items: manager.bulk_update([b.obj for b in items], fields, BATCH), where
        )
        written = [each for each in built if each not in refused]
        self.keymaps[synced.label].update((each.entry.key, each.obj.pk) for each in written)
        self.refer_within(synced, written)
        for name in synced.many_to_many:
            self.link(synced.model._meta.get_field(name), written)
        pks = {each.obj.pk for each in written}
        self.written.setdefault(synced.model, set()).update(pks)
        self.changed.setdefault(synced.model, set()).update(pks)
        self.note_references(synced, [each.obj for each in written])
        return {each.entry.key: each.obj.revision for each in written}

    def insert(self, synced, objects):
        """Plain statements: bulk_create() takes longer to build its INSERTs than the database takes to run them."""
        connection = connections[self.using]
        fields = [f for f in synced.model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(synced.model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
            f" VALUES ({', '.join(['%s'] * len(fields))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                sql, [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects]
            )

    def each_or_all(self, items, action, where):
        """``action(items)``; if the database refuses, item by item, naming those it refuses."""
        try:
            with transaction.atomic(using=self.using):
                action(items)
            return []
        except (IntegrityError, ProtectedError, TakesOthers):
            refused = []
            for item in items:
                try:
                    with transaction.atomic(using=self.using):
                        action([item])
                except (IntegrityError, ProtectedError, TakesOthers) as error:
                    refused.append(item)
                    why = f"refused by the database: {error}"
                    if isinstance(error, TakesOthers):
                        why = str(error)
                    elif isinstance(error, ProtectedError):  # its rows by model, not thousands of them
                        rows = Counter(obj._meta.label_lower for obj in error.protected_objects)
                        referring = ", ".join(
                            f"{n} {label} row{'s' if n > 1 else ''}" for label, n in sorted(rows.items())
                        )
                        why = f"removed from the fixtures, but {referring} still refer to it and protect it"
                    self.problems.append(f"{where(item)}: {why.strip()}")
            return refused

    def refer_within(self, synced, written):  # references to rows of the same model written after the row
        keymap, waiting, names = self.keymaps[synced.label], {}, set()
        for each in written:
            for name, key in each.references.items():
                model_field = synced.model._meta.get_field(name)
                if key and getattr(each.obj, model_field.attname) is None and key in keymap:
                    setattr(each.obj, model_field.attname, keymap[key])
                    waiting[each.obj.pk], names = each.obj, names | {name}
        if waiting:
            synced.manager(self.using).bulk_update(list(waiting.values()), sorted(names), batch_size=BATCH)

    def link(self, model_field, written):  # one many-to-many field of the written rows
        keymap = self.keymaps[model_field.related_model._meta.label_lower]
        source, target = model_field.m2m_column_name(), model_field.m2m_reverse_name()
        through = model_field.remote_field.through
        manager = through._default_manager.db_manager(self.using)
        listed = [each for each in written if model_field.name in each.links]
        wanted = {
            (each.obj.pk, keymap[key]) for each in listed for key in each.links[model_field.name] if key in keymap
        }
        existing = {}
        for batch in batches([each.obj.pk for each in listed if not each.created]):
            rows = manager.filter(**{f"{source}__in": batch}).values_list("pk", source, target)
            existing.update({(from_pk, to_pk): pk for pk, from_pk, to_pk in rows})
        for batch in batches([pk for pair, pk in existing.items() if pair not in wanted]):
            manager.filter(pk__in=batch).delete()
        # Plain rows, without model instances: links are the most numerous rows of a large reload.
        quote = connections[self.using].ops.quote_name
        sql = f"INSERT INTO {quote(through._meta.db_table)} ({quote(source)}, {quote(target)}) VALUES (%s, %s)"
        with connections[self.using].cursor() as cursor:
            cursor.executemany(sql, sorted(wanted - existing.keys()))

    def note_references(self, synced, objects):  # the rows they show on: a citation's fact
        for name in synced.foreign_keys:
            model_field = synced.model._meta.get_field(name)
            pks = {getattr(obj, model_field.attname) for obj in objects} - {None}
            self.changed.setdefault(model_field.related_model, set()).update(pks)

    def store_records(self, label, rows, records, revisions):  # forgetting the rows gone from the fixtures
        wanted = []
        for key, entry in self.entries.items():
            revision = revisions.get(key, rows[key].revision if key in rows else None)
            record = records.get(entry.key_json)
            if revision is None or (record and (record.source_digest, record.revision) == (entry.digest, revision)):
                continue
            wanted.append((label, entry.key_json, entry.digest, revision))
        store_records(wanted, using=self.using)
        stale = [record.pk for key_text, record in records.items() if tuple(json.loads(key_text)) not in self.entries]
        for batch in batches(stale):
            FixtureRecord.objects.using(self.using).filter(pk__in=batch).delete()

    def finish(self):
        """Delete what the fixtures dropped, then check the whole; raise if anything was refused."""
        if self.conflicts:
            raise ConflictError(self.conflicts, also=self.problems)
        self.delete()
        changed = {model._meta.label_lower: set(pks) for model, pks in self.changed.items()}
        if not self.problems and self.report.changes:
            for path in settings.FIXTURE_CHECKS:
                self.problems.extend(import_string(path)(using=self.using, changed=changed))
        if self.problems:
            raise FixtureError(self.problems)
        FixtureRecord.objects.using(self.using).exclude(model__in=list(self.synced)).delete()

    def delete(self):
        """Delete the rows dropped from the fixtures, dependants first; name those still referred to."""
        for label in reversed(self.synced):
            synced, doomed = self.synced[label], self.deletes.get(label, {})
            manager = synced.manager(self.using)
            for batch in batches(doomed):
                self.note_references(synced, manager.filter(pk__in=batch))
            self.changed.setdefault(synced.model, set()).update(doomed)
            for batch in batches(doomed):
                self.each_or_all(
                    batch, lambda pks, manager=manager: delete_alone(manager.filter(pk__in=pks)), doomed.get
                )


class TakesOthers(Exception):
    """Deleting the row would delete, by cascade, rows the fixtures keep or editors added."""


def delete_alone(rows):
    """Delete ``rows`` and their many-to-many links, or raise ``TakesOthers`` (in a savepoint, which it undoes)."""
    own = rows.model._meta.label
    _, deleted = rows.delete()
    links = {label for label in deleted if apps.get_model(label)._meta.auto_created}
    if others := sorted((label, n) for label, n in deleted.items() if n and label != own and label not in links):
        taken = ", ".join(f"{n} {label.lower()} row{'s' if n > 1 else ''}" for label, n in others)
        raise TakesOthers(f"removed from the fixtures, but deleting it would also delete {taken} referring to it")


def store_records(records, *, using):
    """Note (label, key as JSON, entry digest, revision) of rows loaded or exported, as plain statements:
    bulk_create() of model instances takes ten times as long for the tens of thousands a large reload writes."""
    connection = connections[using]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(FixtureRecord._meta.db_table)}"
        " (model, key, key_digest, source_digest, revision, loaded_at) VALUES (%s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (model, key_digest) DO UPDATE SET key = excluded.key, source_digest = excluded.source_digest,"
        " revision = excluded.revision, loaded_at = excluded.loaded_at"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for batch in batches(records, 1000):
            cursor.executemany(sql, [(model, key, sha(key), source, rev, now) for model, key, source, rev in batch])
