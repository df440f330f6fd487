"""The synced rows as they are: natural key → (primary key, revision), read with one query per model.

This is all a reload needs to know of the database to plan: a row's revision moves
with every save, so comparing it with the record of the last reload tells an edited
row without reading the row itself. The digests here let a reload that has nothing
to do return at once.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS

from core.batches import batches

from .canonical import serialize_rows, sync_queryset
from .models import FixtureState


@dataclass
class Row:
    pk: int
    revision: int
    canonical: dict | None = None  # read only for the rows a plan must compare field by field


def key_paths(synced, label):
    """The lookups that read a row's natural key, a foreign key part by the related row's key."""
    model = synced[label].model
    paths = []
    for name in synced[label].key_fields:
        field = model._meta.get_field(name)
        if field.is_relation:
            related = field.related_model._meta.label_lower
            paths.extend(f"{name}__{path}" for path in key_paths(synced, related))
        else:
            paths.append(name)
    return paths


def current_rows(synced, *, using=DEFAULT_DB_ALIAS):
    """{label: {natural key: Row}} for every synced model."""
    return {label: model_rows(synced, label, using=using) for label in synced}


def model_rows(synced, label, *, using=DEFAULT_DB_ALIAS):
    """{natural key: Row} for the rows of one model."""
    paths = key_paths(synced, label)
    values = synced[label].model._default_manager.db_manager(using).values_list(*paths, "pk", "revision")
    return {tuple(str(part) for part in row[: len(paths)]): Row(row[-2], row[-1]) for row in values.order_by()}


def keymap(synced, label, *, using=DEFAULT_DB_ALIAS):
    """{natural key: primary key} of one model, read again after its rows were written."""
    paths = key_paths(synced, label)
    values = synced[label].model._default_manager.db_manager(using).values_list(*paths, "pk").order_by()
    return {tuple(str(part) for part in row[:-1]): row[-1] for row in values}


def load_canonical(state, wanted, synced, *, using=DEFAULT_DB_ALIAS):
    """Attach the canonical form to the rows of ``wanted`` ({label: keys}), a batch of pks at a time."""
    for label, keys in wanted.items():
        rows = state[label]
        pks = [rows[key].pk for key in keys]
        for batch in batches(pks):
            queryset = sync_queryset(synced[label], using=using).filter(pk__in=batch)
            for key, canonical in serialize_rows(synced[label], queryset).items():
                rows[key].canonical = canonical


def rows_digest(synced, *, using=DEFAULT_DB_ALIAS):
    """Changes when any synced row is added, removed, or saved: one query per model, rows streamed."""
    digest = hashlib.sha256()
    separator = b""
    for label, model in synced.items():
        values = model.model._default_manager.db_manager(using).values_list("pk", "revision").order_by("pk")
        for pk, revision in values.iterator(chunk_size=5000):
            digest.update(separator + f"{label} {pk} {revision}".encode())
            separator = b"\n"
    return digest.hexdigest()


def files_digest(directory):
    """Changes when a fixture file is added, removed or edited; None when one cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in sorted(Path(directory).glob("*.json")):
            with path.open("rb") as stream:
                content = hashlib.file_digest(stream, "sha256").digest()
            digest.update(path.name.encode() + b"\0" + content)
    except (OSError, ValueError):
        return None  # the reader names the problem
    return digest.hexdigest()


def unchanged_since_last_reload(files, rows, *, using=DEFAULT_DB_ALIAS):
    """The counts the last reload stored, if the files and the rows are still as it left them."""
    last = FixtureState.objects.using(using).first()
    if files is None or last is None or (last.files_digest, last.rows_digest) != (files, rows):
        return None
    return last.counts


def store_state(files, rows, counts, *, using=DEFAULT_DB_ALIAS):
    FixtureState.objects.using(using).all().delete()
    if files is not None:
        FixtureState.objects.using(using).create(files_digest=files, rows_digest=rows, counts=counts)
