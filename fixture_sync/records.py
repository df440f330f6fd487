"""FixtureRecord bookkeeping: what each reload or export wrote, to notice editors' later edits."""

from typing import NamedTuple

from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from core.batches import batches

from .canonical import digest, key_json, normalise, sha, synced_models
from .models import FixtureRecord, FixtureState


class Record(NamedTuple):
    pk: int
    source_digest: str
    db_digest: str
    revision: int | None


def load_records(label=None, *, using=DEFAULT_DB_ALIAS):
    """{(label, key as JSON): Record} for the rows a reload or export wrote (of one model, if given)."""
    records = FixtureRecord.objects.using(using).order_by()
    if label is not None:
        records = records.filter(model=label)
    values = records.values_list("model", "key", "pk", "source_digest", "db_digest", "revision")
    return {(model, key): Record(*rest) for model, key, *rest in values.iterator(chunk_size=5000)}


def update_records(entries, records, state, written, *, using=DEFAULT_DB_ALIAS):
    """Note, for every entry, its digest and the row's revision.

    ``state`` is the rows before the write, ``written`` {(label, key): new revision} of
    the rows written; only the records that differ are written.
    """
    wanted = []
    for entry in entries:
        row = state[entry.label].get(entry.key)
        revision = written.get((entry.label, entry.key), row.revision if row else None)
        if revision is None:
            continue
        record = records.get((entry.label, entry.key_json))
        if record is not None and record.revision == revision:
            continue  # neither written nor edited: its record stands
        wanted.append((entry.label, entry.key_json, entry.digest, revision))
    store_records(wanted, using=using)


def forget_records(records, kept, *, using=DEFAULT_DB_ALIAS):
    """Delete the ``records`` whose (label, key as JSON) is not in ``kept``: rows no longer in the fixtures."""
    stale = [record.pk for key, record in records.items() if key not in kept]
    for batch in batches(stale):
        FixtureRecord.objects.using(using).filter(pk__in=batch).delete()


def store_records(wanted, *, using=DEFAULT_DB_ALIAS):
    """Write records for ``wanted`` rows: (label, key as JSON, source digest, revision).

    One statement for many rows: at a hundred times the seed there are tens of
    thousands, too many to build model instances for.
    """
    connection = connections[using]
    table = connection.ops.quote_name(FixtureRecord._meta.db_table)
    now = timezone.now()
    sql = (
        f"INSERT INTO {table} (model, key, key_digest, source_digest, db_digest, revision, loaded_at)"
        " VALUES (%s, %s, %s, %s, '', %s, %s)"
        " ON CONFLICT (model, key_digest) DO UPDATE SET key = excluded.key,"
        " source_digest = excluded.source_digest, db_digest = '', revision = excluded.revision,"
        " loaded_at = excluded.loaded_at"
    )
    rows = [
        (label, key_text, sha(key_text), source, revision, connection.ops.adapt_datetimefield_value(now))
        for label, key_text, source, revision in wanted
    ]
    with connection.cursor() as cursor:
        for batch in batches(rows, 1000):
            cursor.executemany(sql, batch)


def replace_records(wanted, *, using=DEFAULT_DB_ALIAS):
    """Make the records exactly ``wanted`` (an export: every row exported is as loaded)."""
    FixtureRecord.objects.using(using).all().delete()
    FixtureState.objects.using(using).all().delete()
    store_records(wanted, using=using)


def changed_since_reload(obj):
    """True if ``obj`` was edited after the last reload, False if not; None if no reload wrote it."""
    synced = synced_models().get(obj._meta.label_lower)
    if synced is None:
        return None
    data = serializers.serialize("python", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True)[0]
    canonical = normalise(data, synced)
    key = synced.natural_key(canonical["fields"])
    record = FixtureRecord.objects.filter(model=synced.label, key_digest=sha(key_json(key))).first()
    if record is None:
        return None
    if record.revision is not None:
        return record.revision != obj.revision
    return record.db_digest != digest(canonical)
