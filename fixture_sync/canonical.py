"""The synced models, their rows by natural key, and the canonical form fixtures, digests and exports
share: Django's serialisation of a row with natural keys, without derived fields, lists and JSON keys sorted."""

import hashlib
import json
from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS

# Rows made by grow_content have a natural key with a part (a slug) that starts with it.
SYNTHETIC_PREFIX = "synthetic-"


@dataclass(frozen=True)
class SyncedModel:
    label: str
    model: type
    key_fields: tuple
    key_paths: tuple  # the lookups that read a row's natural key (a foreign key by its row's key)

    @cached_property
    def derived_fields(self):  # computed by the model itself: never in fixtures
        return tuple(f.name for f in self.model._meta.concrete_fields if not f.editable and not f.primary_key)

    @cached_property
    def fields(self):  # what a fixture entry may hold
        meta = self.model._meta
        return {field.name: field for field in meta.concrete_fields + meta.many_to_many if not field.primary_key}

    @cached_property
    def foreign_keys(self):
        return tuple(f.name for f in self.model._meta.concrete_fields if f.is_relation)

    @cached_property
    def many_to_many(self):
        return tuple(f.name for f in self.model._meta.many_to_many)

    def natural_key(self, fields):  # a foreign key contributes its row's own key
        values = [fields.get(name) for name in self.key_fields]
        return tuple(str(part) for value in values for part in (value if isinstance(value, list) else [value]))

    def manager(self, using):
        return self.model._default_manager.db_manager(using)


def synced_models():
    """{label: SyncedModel} for ``settings.FIXTURE_MODELS``, each after the models it refers to."""
    key_fields = {label.lower(): tuple(fields) for label, fields in settings.FIXTURE_MODELS.items()}
    synced = {}
    for model in serializers.sort_dependencies([(None, [apps.get_model(label) for label in key_fields])]):
        label = model._meta.label_lower
        paths = []
        for name in key_fields[label]:
            field = model._meta.get_field(name)
            related = field.related_model and synced[field.related_model._meta.label_lower]
            paths += [f"{name}__{path}" for path in related.key_paths] if related else [name]
        synced[label] = SyncedModel(label, model, key_fields[label], tuple(paths))
    return synced


Row = namedtuple("Row", "pk revision")


def model_rows(synced, *, using=DEFAULT_DB_ALIAS):
    """{natural key: Row}, in one query."""
    values = synced.manager(using).values_list(*synced.key_paths, "pk", "revision").order_by()
    return {tuple(str(part) for part in row[:-2]): Row(row[-2], row[-1]) for row in values.iterator(5000)}


def key_json(key):
    return json.dumps(list(key), ensure_ascii=False)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def digest(canonical):
    return sha(json.dumps(canonical, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder))


def normalise(data, synced):
    """JSON-ready: derived fields dropped, lists and JSON keys sorted."""
    fields = json.loads(json.dumps(data["fields"], cls=DjangoJSONEncoder, sort_keys=True))
    fields = {name: fields[name] for name in data["fields"] if name not in synced.derived_fields}
    for name in synced.many_to_many:
        if name in fields:
            fields[name] = sorted(fields[name], key=key_json)
    return {"model": data["model"], "fields": fields}


def serialize_rows(synced, *, using=DEFAULT_DB_ALIAS, pks=None):
    """{natural key: canonical dict} of the rows (or those of ``pks``), a chunk at a time, related rows prefetched."""
    rows = synced.manager(using).select_related(*synced.foreign_keys).prefetch_related(*synced.many_to_many)
    rows = rows.order_by() if pks is None else rows.filter(pk__in=pks)
    natural = {"use_natural_foreign_keys": True, "use_natural_primary_keys": True}
    serialized = (normalise(data, synced) for data in serializers.serialize("python", rows.iterator(2000), **natural))
    return {synced.natural_key(canonical["fields"]): canonical for canonical in serialized}
