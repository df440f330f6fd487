"""Turn a batch of fixture entries into model instances and validate them in memory, before they are written.

A reload goes a model at a time in load order, so the rows a batch refers to are in
the database already (written earlier in the same transaction), except rows of its own
model that later batches bring: those references are resolved, or found dangling, once
the whole model is written (see :mod:`fixture_sync.writing`). Each object gets
``full_clean()`` (its fields and its ``clean()``) with its foreign keys resolved: to
the row in the database, or to the object being built under a stand-in primary key
until the write gives it a real one. Uniqueness is checked as sets, and the database's
own constraints stay the last guard when writing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError

from core.batches import batches


@dataclass
class Built:
    """An entry as an unsaved instance, with its references still as natural keys."""

    entry: object
    obj: object
    references: dict = field(default_factory=dict)  # foreign key name -> natural key or None
    many: dict = field(default_factory=dict)  # many-to-many name -> [natural keys]
    refused: bool = False  # a problem was found with it: not written
    blocked: bool = False  # it refers to a row that was refused: neither validated nor written

    @property
    def writable(self):
        return not (self.refused or self.blocked)


def build_plan(plan, synced, keymaps, *, failed=frozenset(), using):
    """{label: [Built]} for the creates and updates of ``plan``, and the problems found.

    ``keymaps`` is {label: {natural key: pk}} of the rows in the database; ``failed``
    the (label, key) of rows refused earlier in the reload, whose dependants are
    left out without a message of their own.
    """
    entries = {}
    for entry in plan.creates + plan.updates:
        entries.setdefault(entry.label, []).append(entry)
    builder = Builder(synced, keymaps, entries, failed, using=using)
    built = {label: [builder.build(entry) for entry in entries[label]] for label in entries}
    builder.validate(built)
    return built, builder.problems


class Builder:
    def __init__(self, synced, keymaps, entries, failed, *, using):
        self.synced, self.keymaps, self.failed, self.using = synced, keymaps, failed, using
        self.planned = {(label, entry.key) for label, batch in entries.items() for entry in batch}
        self.problems = []
        self.stand_ins = {}  # (label, key) -> the stand-in pk of an object not yet written
        self.objects = {}  # (label, key) -> Built

    def build(self, entry):
        model = self.synced[entry.label].model
        obj = model()
        built = Built(entry, obj)
        pk = self.keymaps[entry.label].get(entry.key)
        obj.pk = pk if pk is not None else self.stand_in(entry.label, entry.key)
        for name, value in entry.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                self.problems.append(f"{entry.where()}: {name}: no such field on {entry.label}")
                built.refused = True
                continue
            self.set_field(built, model_field, value)
        self.objects[(entry.label, entry.key)] = built
        entry.release_fields()  # the object holds the values now; the records need only the digest
        return built

    def stand_in(self, label, key):
        return self.stand_ins.setdefault((label, key), -(len(self.stand_ins) + 1))

    def set_field(self, built, model_field, value):
        if model_field.many_to_many:
            built.many[model_field.name] = [tuple(str(part) for part in item) for item in value or ()]
            for key in built.many[model_field.name]:
                self.check_reference(built, model_field, key)
        elif model_field.is_relation:
            key = None if value is None else tuple(str(part) for part in value)
            built.references[model_field.name] = key
            if key is not None:
                self.check_reference(built, model_field, key)
        else:
            try:
                setattr(built.obj, model_field.attname, model_field.to_python(value))
            except ValidationError as error:
                self.refuse(built, model_field.name, error)

    def check_reference(self, built, model_field, key):
        label = model_field.related_model._meta.label_lower
        if (label, key) in self.failed:
            built.blocked = True
        elif key in self.keymaps[label] or (label, key) in self.planned:
            return
        elif label == built.entry.label:
            return  # a later batch of the same model may bring it: the writer resolves it, or names it
        else:
            built.refused = True
            self.problems.append(dangling(built.entry, model_field.name, label, key))

    def refuse(self, built, name, error):
        built.refused = True
        for message in error.messages:
            self.problems.append(f"{built.entry.where()}: {name}: {message}")

    def validate(self, built):
        """Resolve references for ``clean()``, then validate every object and the unique fields."""
        for label, objects in built.items():
            self.resolve_for_validation(label, objects)
            model = self.synced[label]
            exclude = [*model.foreign_keys, *model.many_to_many, *model.derived_fields]
            for each in objects:
                if each.blocked:
                    continue
                each.obj._state.adding = each.obj.pk < 0
                try:
                    each.obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
                except ValidationError as error:
                    each.refused = True
                    self.validation_problems(each.entry, error)
            checked = [each for each in objects if not each.blocked]
            self.problems.extend(unique_problems(model, checked, using=self.using))

    def resolve_for_validation(self, label, objects):
        """Point each foreign key at its row (or stand-in), with the related object at hand for ``clean()``."""
        model = self.synced[label].model
        for name in self.synced[label].foreign_keys:
            model_field = model._meta.get_field(name)
            related = model_field.related_model._meta.label_lower
            stored = self.related_rows(model_field, related, objects)
            for each in objects:
                key = each.references.get(name)
                if key is None:
                    continue
                target = self.objects.get((related, key))
                pk = target.obj.pk if target else self.keymaps[related].get(key)
                setattr(each.obj, model_field.attname, pk)
                instance = target.obj if target else stored.get(pk)
                if instance is not None:
                    model_field.set_cached_value(each.obj, instance)

    def related_rows(self, model_field, related, objects):
        """The rows in the database these objects refer to through ``model_field``, by pk."""
        pks = {
            self.keymaps[related][key]
            for each in objects
            if (key := each.references.get(model_field.name)) is not None
            and key in self.keymaps[related]
            and (related, key) not in self.objects
        }
        manager = model_field.related_model._default_manager.db_manager(self.using)
        rows = {}
        pks = sorted(pks)
        for batch in batches(pks):
            rows.update(manager.in_bulk(batch))
        return rows

    def validation_problems(self, entry, error):
        if hasattr(error, "message_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problems.append(f"{entry.where()}: {name if name != '__all__' else 'object'}: {message}")
        else:
            self.problems.extend(f"{entry.where()}: {message}" for message in error.messages)


def unique_problems(synced_model, objects, *, using):
    """Unique fields that two entries share, or that an entry shares with another row."""
    model = synced_model.model
    problems = []
    keys = set(synced_model.key_fields)
    for model_field in model._meta.concrete_fields:
        if not model_field.unique or model_field.primary_key or {model_field.name} == keys:
            continue
        seen = {}
        for each in objects:
            value = getattr(each.obj, model_field.attname)
            if value in (None, ""):
                continue
            other = seen.setdefault(value, each)
            if other is not each:
                each.refused = True
                problems.append(
                    f"{each.entry.where()}: {model_field.name}: {value!r} is also the {model_field.name} "
                    f"of {other.entry.label} {other.entry.key_json}"
                )
        taken = taken_values(model, model_field, seen, {each.obj.pk for each in objects if each.obj.pk > 0}, using)
        for value in taken:
            each = seen[value]
            each.refused = True
            problems.append(
                f"{each.entry.where()}: {model_field.name}: {value!r} is already the {model_field.name} of another row"
            )
    return problems


def taken_values(model, model_field, seen, own_pks, using):
    """The values of ``seen`` that rows other than ``own_pks`` already hold."""
    values = sorted(seen, key=str)
    taken = set()
    manager = model._default_manager.db_manager(using)
    for batch in batches(values):
        rows = manager.filter(**{f"{model_field.attname}__in": batch})
        taken.update(value for value, pk in rows.values_list(model_field.attname, "pk") if pk not in own_pks)
    return taken


def dangling(entry, name, label, key):
    return f"{entry.where()}: {name}: dangling reference: no {label} {list(key)} in the fixtures or the database"
