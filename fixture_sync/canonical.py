"""The synced models, and the canonical form of a row that fixtures, digests and exports share.

A row's canonical form is what :mod:`django.core.serializers` makes of it with natural
keys and no primary key, made JSON-ready, with the derived fields dropped and the
many-to-many lists sorted. Two rows are equal when their canonical forms are.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models

# Rows made by grow_content: their slug (or their first key part's slug) starts with it.
SYNTHETIC_PREFIX = "synthetic-"


@dataclass(frozen=True)
class SyncedModel:
    label: str
    model: type
    key_fields: tuple
    synthetic_filter: dict | None = None  # finds the rows grow_content made

    @cached_property
    def derived_fields(self):
        """Fields the model computes itself (not editable): recomputed on load, never in fixtures."""
        return tuple(f.name for f in self.model._meta.concrete_fields if not f.editable and not f.primary_key)

    @cached_property
    def foreign_keys(self):
        return tuple(f.name for f in self.model._meta.concrete_fields if f.is_relation)

    @cached_property
    def json_fields(self):
        return tuple(f.name for f in self.model._meta.concrete_fields if isinstance(f, models.JSONField))

    @cached_property
    def many_to_many(self):
        return tuple(f.name for f in self.model._meta.many_to_many)

    def natural_key(self, fields):
        """The natural key of a row from its canonical fields (a foreign key contributes its own key)."""
        key = []
        for name in self.key_fields:
            value = fields.get(name)
            if isinstance(value, list):
                key.extend(value)
            else:
                key.append(value)
        return tuple(key)


def synced_models():
    """{label: SyncedModel} for ``settings.FIXTURE_MODELS``, in load order.

    Load order puts every model after the ones it refers to. A model that refers to
    itself (facts superseding facts) has those references resolved once all its rows
    are saved.
    """
    key_fields = {label.lower(): tuple(fields) for label, fields in settings.FIXTURE_MODELS.items()}
    models = [apps.get_model(label) for label in key_fields]
    synced = {}
    for model in serializers.sort_dependencies([(None, models)]):
        label = model._meta.label_lower
        synced[label] = SyncedModel(label, model, key_fields[label], synthetic_filter(model, key_fields))
    return synced


def synthetic_filter(model, key_fields):
    """Synthetic rows have a synthetic slug in their natural key (a former slug's is its
    second part), or start with a row that has one."""
    keys = key_fields[model._meta.label_lower]
    if "slug" in keys:
        return {"slug__startswith": SYNTHETIC_PREFIX}
    first = model._meta.get_field(keys[0])
    if first.is_relation and key_fields.get(first.related_model._meta.label_lower, ())[:1] == ("slug",):
        return {f"{first.name}__slug__startswith": SYNTHETIC_PREFIX}
    return None


def key_json(key):
    return json.dumps(list(key), ensure_ascii=False)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def digest(canonical):
    return sha(json.dumps(canonical, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder))


def normalise(data, synced):
    """JSON-ready canonical form of serialised ``data``: derived fields dropped, many-to-many lists sorted."""
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    fields = data["fields"]
    for name in synced.derived_fields:
        fields.pop(name, None)
    for name in synced.many_to_many:
        if name in fields:
            fields[name] = sorted(fields[name], key=key_json)
    for name in synced.json_fields:
        if name in fields:  # PostgreSQL's jsonb keeps its own key order; the files keep sorted keys
            fields[name] = json.loads(json.dumps(fields[name], sort_keys=True))
    return {"model": data["model"], "fields": fields}


def serialize_rows(synced, rows):
    """{natural key: canonical dict} for the model instances ``rows``."""
    serialized = {}
    for data in serializers.serialize("python", rows, use_natural_foreign_keys=True, use_natural_primary_keys=True):
        canonical = normalise(data, synced)
        serialized[synced.natural_key(canonical["fields"])] = canonical
    return serialized


def sync_queryset(synced, *, synthetic=True, using=DEFAULT_DB_ALIAS):
    queryset = synced.model._default_manager.db_manager(using).all()
    queryset = queryset.select_related(*synced.foreign_keys).prefetch_related(*synced.many_to_many)
    if not synthetic and synced.synthetic_filter:
        queryset = queryset.exclude(**synced.synthetic_filter)
    return queryset.order_by("pk")


def database_state(*, synthetic=True, using=DEFAULT_DB_ALIAS):
    """{label: {natural key: canonical dict}} for every synced model, in load order."""
    return {
        # A chunk of rows at a time, each with its related rows prefetched: a prefetch
        # over a whole large table is one enormous IN list.
        label: serialize_rows(synced, sync_queryset(synced, synthetic=synthetic, using=using).iterator(2000))
        for label, synced in synced_models().items()
    }
