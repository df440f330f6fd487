"""Write validated batches of one model at a time, in load order, in bulk.

Rows are written with one upsert per batch (``bulk_create(update_conflicts=True)`` on
the natural key), so a create and an update cost the same. A model's references to
itself (a fact superseded by a fact loaded later) are set once all its rows exist;
many-to-many links are brought to the fixtures with one delete and one insert per
field and batch; rows dropped from the fixtures are deleted last, dependants first.
The database's constraints are the last guard: a batch they refuse is retried row by
row, so the message names the row.
"""

from django.db import IntegrityError, connections, transaction
from django.db.models import ProtectedError

from core.batches import batches

from .building import dangling
from .canonical import key_json
from .state import key_paths
from .state import keymap as state_keymap

BATCH = 500


class ModelWriter:
    """Writes the batches of one model, then what had to wait for all of them.

    ``keymaps`` ({label: {natural key: pk}}) gets the keys of the rows written;
    ``rows`` is the model's rows before the reload ({natural key: Row});
    ``changed`` ({model: pks}) gets the rows written and the rows they refer to
    (whose public pages may show them).
    """

    def __init__(self, synced, label, keymaps, rows, changed, *, using):
        self.synced, self.synced_model, self.label = synced, synced[label], label
        self.keymaps, self.rows, self.changed, self.using = keymaps, rows, changed, using
        self.deferred = []  # (Built, pk): rows whose reference to a row of this model waits for the rest
        self.links = {}  # many-to-many name -> ({source pk: [(natural key, entry)]}) within this model
        self.problems = []
        self.refused = set()  # (label, key) of rows the database refused

    def write_all(self, built):
        """Write ``built`` ({label: [Built]}, all of this model); {(label, key): revision} of the rows written."""
        revisions = {}
        for objects in built.values():
            revisions.update(self.write(objects))
        return revisions

    def write(self, built):
        """Write a batch of Built objects; {(label, key): revision} of the rows written."""
        objects = [each for each in built if each.writable]
        if not objects:
            return {}
        waiting = [each for each in objects if self.prepare(each)]
        self.problems.extend(upsert(self.synced_model, objects, using=self.using))
        if not connections[self.using].features.can_return_rows_from_bulk_insert:
            keymap = state_keymap(self.synced, self.label, using=self.using)  # slower, for old SQLite
            for each in objects:
                each.obj.pk = keymap.get(each.entry.key)
        written = [each for each in objects if each.obj.pk is not None]
        self.refused.update((self.label, each.entry.key) for each in objects if each.obj.pk is None)
        self.note_keys([each.obj.pk for each in written])
        self.deferred.extend((each, each.obj.pk) for each in waiting if each.obj.pk is not None)
        self.changed.setdefault(self.synced_model.model, set()).update(each.obj.pk for each in written)
        note_references(self.changed, self.synced_model, [each.obj for each in written])
        self.problems.extend(link_many(self.synced_model, written, self.keymaps, using=self.using))
        for name in self.synced_model.many_to_many:
            if self.synced_model.model._meta.get_field(name).related_model is self.synced_model.model:
                links = self.links.setdefault(name, {})
                for each in written:
                    if name in each.many:
                        links[each.obj.pk] = [(key, each.entry) for key in each.many[name]]
        return {(self.label, each.entry.key): each.obj.revision for each in written}

    def prepare(self, each):
        """Give ``each.obj`` its revision and its references' real pks; True if one must wait."""
        obj, model = each.obj, self.synced_model.model
        row = self.rows.get(each.entry.key)
        obj.pk = None  # the upsert finds the row by its natural key
        obj.revision = (row.revision if row else 0) + 1
        waiting = False
        for name, key in each.references.items():
            model_field = model._meta.get_field(name)
            pk = None if key is None else self.keymaps[model_field.related_model._meta.label_lower].get(key)
            setattr(obj, model_field.attname, pk)
            waiting = waiting or (key is not None and pk is None)  # a row of this model, not written yet
        obj._state.fields_cache = {}
        return waiting

    def note_keys(self, pks):
        """Read the natural keys of the rows just written into the model's keymap."""
        paths = key_paths(self.synced, self.label)
        manager = self.synced_model.model._default_manager.db_manager(self.using)
        keymap = self.keymaps[self.label]
        for batch in batches(sorted(pks)):
            for row in manager.filter(pk__in=batch).values_list(*paths, "pk").order_by():
                keymap[tuple(str(part) for part in row[:-1])] = row[-1]

    def finish(self):
        """Set the references that waited for the model's later rows; the problems of the whole model."""
        model, keymap = self.synced_model.model, self.keymaps[self.label]
        resolved, names = [], set()
        for each, pk in self.deferred:
            obj = model(pk=pk)
            for name, key in each.references.items():
                model_field = model._meta.get_field(name)
                if key is None or model_field.related_model is not model:
                    continue
                if key in keymap:
                    setattr(obj, model_field.attname, keymap[key])
                    names.add(name)
                elif (self.label, key) not in self.refused:
                    self.problems.append(dangling(each.entry, name, self.label, key))
            resolved.append(obj)
        if resolved and names:
            model._default_manager.db_manager(self.using).bulk_update(resolved, sorted(names), BATCH)
        self.deferred = []
        for name, links in self.links.items():
            self.link_within(name, links)
        self.links = {}
        return self.problems

    def link_within(self, name, links):
        """A many-to-many field between rows of this model, once all of them are written."""
        model_field = self.synced_model.model._meta.get_field(name)
        keymap, wanted = self.keymaps[self.label], set()
        for pk, keys in links.items():
            for key, entry in keys:
                if key in keymap:
                    wanted.add((pk, keymap[key]))
                elif (self.label, key) not in self.refused:
                    self.problems.append(dangling(entry, name, self.label, key))
        through = model_field.remote_field.through
        source, target = model_field.m2m_column_name(), model_field.m2m_reverse_name()
        sync_links(through, source, target, sorted(links), wanted, using=self.using)


def kept_on_reload(model):
    """Fields a reload never overwrites: every class's ``FIELDS_KEPT_ON_RELOAD`` (the times a
    row was created or first published in this database, which the fixtures do not hold)."""
    return {name for cls in model.__mro__ for name in vars(cls).get("FIELDS_KEPT_ON_RELOAD", ())}


def upsert(synced_model, objects, *, using):
    model = synced_model.model
    unique = list(synced_model.key_fields)
    kept = kept_on_reload(model)
    fields = model._meta.concrete_fields
    update = [f.name for f in fields if not f.primary_key and f.name not in {*unique, *kept}]
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


def note_references(changed, synced_model, objects):
    """The rows these rows refer to: a citation shows on its fact, a status row on its country."""
    for name in synced_model.foreign_keys:
        model_field = synced_model.model._meta.get_field(name)
        pks = {getattr(obj, model_field.attname) for obj in objects} - {None}
        if pks:
            changed.setdefault(model_field.related_model, set()).update(pks)


def link_many(synced_model, objects, keymaps, *, using):
    """Bring each many-to-many field of the written rows to the fixtures' lists."""
    problems = []
    for name in synced_model.many_to_many:
        model_field = synced_model.model._meta.get_field(name)
        if model_field.related_model is synced_model.model:
            continue  # rows of the same model: linked once all are written (ModelWriter.link_within)
        through = model_field.remote_field.through
        source, target = model_field.m2m_column_name(), model_field.m2m_reverse_name()
        related = model_field.related_model._meta.label_lower
        wanted = set()
        for each in objects:
            for key in each.many.get(name, ()):
                if key in keymaps[related]:
                    wanted.add((each.obj.pk, keymaps[related][key]))
                else:
                    problems.append(dangling(each.entry, name, related, key))
        sources = sorted({each.obj.pk for each in objects if name in each.many})
        sync_links(through, source, target, sources, wanted, using=using)
    return problems


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


def delete_rows(deletes, synced, changed, written, *, using):
    """Delete the rows dropped from the fixtures (``deletes``: (label, key, pk)), dependants first;
    name those still referred to."""
    problems = []
    order = {label: index for index, label in enumerate(synced)}
    by_label = {}
    for label, key, pk in deletes:
        by_label.setdefault(label, []).append((key, pk))
    for label in sorted(by_label, key=lambda label: -order[label]):
        model = synced[label].model
        pks = [pk for _, pk in by_label[label]]
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
            problems.extend(delete_one_by_one(manager, label, by_label[label], using=using))
    return problems


def delete_one_by_one(manager, label, rows, *, using):
    problems = []
    for key, pk in rows:
        try:
            with transaction.atomic(using=using):
                manager.filter(pk=pk).delete()
        except (ProtectedError, IntegrityError) as error:
            problems.append(f"{label} {key_json(key)}: cannot be deleted, other rows still refer to it ({error})")
    return problems
