"""FixtureRecord bookkeeping: what each reload or export wrote, to notice editors' later edits."""

from django.core import serializers
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from .canonical import database_state, digest, key_json, normalise, sha, synced_models
from .models import FixtureRecord


def load_records(*, using=DEFAULT_DB_ALIAS):
    """{(label, key as JSON): record} for every row a reload or export wrote."""
    return {(record.model, record.key): record for record in FixtureRecord.objects.using(using)}


def write_records(entries, *, using=DEFAULT_DB_ALIAS):
    """Remember what each fixture entry looked like and what the row became."""
    state = database_state(using=using)
    wanted = {}
    for entry in entries:
        row = state[entry.label].get(entry.key)
        if row is None:
            continue
        key_text = entry.key_json
        wanted[(entry.label, sha(key_text))] = (key_text, digest(entry.canonical), digest(row))
    store_records(wanted, using=using)


def store_records(wanted, *, using=DEFAULT_DB_ALIAS):
    """Make the records exactly ``wanted``: {(label, key digest): (key as JSON, source digest, row digest)}."""
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
    return record.db_digest != digest(canonical)
