"""Write a validated plan, one model at a time in load order, in bulk.

Rows are written with one upsert per batch (``bulk_create(update_conflicts=True)`` on
the natural key), so a create and an update cost the same. A model's references to
itself (a fact superseded by a fact loaded in the same run) are set once all its rows
exist; many-to-many links are brought to the fixtures with one delete and one insert
per field and batch; rows dropped from the fixtures are deleted last, dependants first.
The database's constraints are the last guard: a batch they refuse is retried row by
row, so the message names the row.
"""

from django.db import IntegrityError, connections, transaction
from django.db.models import ProtectedError

from core.batches import batches

from .canonical import key_json
from .state import keymap

BATCH = 500
PROGRESS_EVERY = 1000


def write_plan(plan, built, synced, state, *, using, progress=None):
    """Write ``built`` (see :mod:`fixture_sync.building`) and ``plan``'s deletes.

    Returns ``(written, shown_on, problems)``: ``written`` is {label: pks} of the rows
    written or deleted, ``shown_on`` {model: pks} of those and of the rows they refer to
    (whose public pages may show them).
    """
    keymaps = {label: {key: row.pk for key, row in rows.items()} for label, rows in state.items()}
    changed, problems, done = {}, [], 0
    total = sum(len(objects) for objects in built.values())
    for label, objects in built.items():
        if not objects:
            continue
        model = synced[label].model
        deferred = [each for each in objects if prepare(each, synced[label], state, keymaps)]
        problems.extend(upsert(synced[label], objects, using=using))
        keymaps[label] = keymap(synced, label, using=using)
        if deferred:
            resolve_deferred(synced[label], deferred, keymaps, using=using)
        pks = {keymaps[label][each.entry.key] for each in objects if each.entry.key in keymaps[label]}
        changed.setdefault(model, set()).update(pks)
        note_references(changed, synced[label], [each.obj for each in objects])
        done += len(objects)
        if progress and total >= PROGRESS_EVERY:
            progress(f"  {done}/{total} objects written ({label})")
    for label, objects in built.items():
        link_many(synced[label], objects, keymaps, using=using)
    written = {model._meta.label_lower: set(pks) for model, pks in changed.items()}
    problems.extend(delete_rows(plan.deletes, synced, state, changed, written, using=using))
    return written, changed, problems


def prepare(each, synced_model, state, keymaps):
    """Give ``each.obj`` its revision and its references' real pks; True if one must wait."""
    obj, model = each.obj, synced_model.model
    row = state[each.entry.label].get(each.entry.key)
    obj.pk = None  # the upsert finds the row by its natural key
    obj.revision = (row.revision if row else 0) + 1
    waiting = False
    for name, key in each.references.items():
        model_field = model._meta.get_field(name)
        pk = None if key is None else keymaps[model_field.related_model._meta.label_lower].get(key)
        setattr(obj, model_field.attname, pk)
        waiting = waiting or (key is not None and pk is None)  # a row of this model, not written yet
    obj._state.fields_cache = {}
    return waiting


def upsert(synced_model, objects, *, using):
    model = synced_model.model
    unique = list(synced_model.key_fields)
    update = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in unique]
    manager = model._default_manager.db_manager(using)
    problems = []
    for batch in batches(objects, BATCH):
        try:
            with transaction.atomic(using=using):
                manager.bulk_create(
                    [each.obj for each in batch], update_conflicts=True, unique_fields=unique, update_fields=update
                )
        except IntegrityError:
            problems.extend(upsert_one_by_one(manager, batch, unique, update, using=using))
    return problems


def upsert_one_by_one(manager, batch, unique, update, *, using):
    """Write what the database accepts of a refused batch, and name the rows it refuses."""
    problems = []
    for each in batch:
        each.obj.pk = None
        try:
            with transaction.atomic(using=using):
                manager.bulk_create([each.obj], update_conflicts=True, unique_fields=unique, update_fields=update)
        except IntegrityError as error:
            problems.append(f"{each.entry.where()}: refused by the database: {str(error).strip()}")
    return problems


def resolve_deferred(synced_model, deferred, keymaps, *, using):
    """References to rows of the same model that did not exist before this batch was written."""
    model, label = synced_model.model, synced_model.label
    names = set()
    for each in deferred:
        each.obj.pk = keymaps[label][each.entry.key]
        for name, key in each.references.items():
            model_field = model._meta.get_field(name)
            if key is not None and model_field.related_model is model:
                setattr(each.obj, model_field.attname, keymaps[label][key])
                names.add(name)
    model._default_manager.db_manager(using).bulk_update([each.obj for each in deferred], sorted(names), BATCH)


def note_references(changed, synced_model, objects):
    """The rows these rows refer to: a citation shows on its fact, a status row on its country."""
    for name in synced_model.foreign_keys:
        model_field = synced_model.model._meta.get_field(name)
        pks = {getattr(obj, model_field.attname) for obj in objects} - {None}
        if pks:
            changed.setdefault(model_field.related_model, set()).update(pks)


def link_many(synced_model, objects, keymaps, *, using):
    """Bring each many-to-many field of the written rows to the fixtures' lists."""
    for name in synced_model.many_to_many:
        model_field = synced_model.model._meta.get_field(name)
        through = model_field.remote_field.through
        source, target = model_field.m2m_column_name(), model_field.m2m_reverse_name()
        related = model_field.related_model._meta.label_lower
        label = synced_model.label
        wanted = {
            (keymaps[label][each.entry.key], keymaps[related][key])
            for each in objects
            if name in each.many and each.entry.key in keymaps[label]
            for key in each.many[name]
        }
        sources = sorted({keymaps[label][each.entry.key] for each in objects if name in each.many})
        sync_links(through, source, target, sources, wanted, using=using)


def sync_links(through, source, target, sources, wanted, *, using):
    manager = through._default_manager.db_manager(using)
    existing = {}
    for batch in batches(sources):
        rows = manager.filter(**{f"{source}__in": batch})
        existing.update({(s, t): pk for pk, s, t in rows.values_list("pk", source, target)})
    stale = sorted(pk for pair, pk in existing.items() if pair not in wanted)
    for batch in batches(stale):
        manager.filter(pk__in=batch).delete()
    insert_links(through, source, target, sorted(wanted - existing.keys()), using=using)


def insert_links(through, source, target, pairs, *, using):
    """One statement for many links (model instances for each would cost more than the insert)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = (through._meta.get_field(source).column, through._meta.get_field(target).column)
    sql = f"INSERT INTO {quote(through._meta.db_table)} ({quote(columns[0])}, {quote(columns[1])}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        for batch in batches(pairs, 1000):
            cursor.executemany(sql, batch)


def delete_rows(deletes, synced, state, changed, written, *, using):
    """Delete the rows dropped from the fixtures, dependants first; name those still referred to."""
    problems = []
    order = {label: index for index, label in enumerate(synced)}
    by_label = {}
    for label, key in deletes:
        by_label.setdefault(label, []).append(key)
    for label in sorted(by_label, key=lambda label: -order[label]):
        model = synced[label].model
        pks = [state[label][key].pk for key in by_label[label]]
        manager = model._default_manager.db_manager(using)
        for batch in batches(pks):
            note_references(changed, synced[label], list(manager.filter(pk__in=batch)))
        changed.setdefault(model, set()).update(pks)
        written.setdefault(label, set()).update(pks)
        try:
            with transaction.atomic(using=using):
                for batch in batches(pks):
                    manager.filter(pk__in=batch).delete()
        except (ProtectedError, IntegrityError):
            problems.extend(delete_one_by_one(manager, label, by_label[label], pks, using=using))
    return problems


def delete_one_by_one(manager, label, keys, pks, *, using):
    problems = []
    for key, pk in zip(keys, pks, strict=True):
        try:
            with transaction.atomic(using=using):
                manager.filter(pk=pk).delete()
        except (ProtectedError, IntegrityError) as error:
            problems.append(f"{label} {key_json(key)}: cannot be deleted, other rows still refer to it ({error})")
    return problems
