"""Write the database back to fixture files, deterministic and diff-friendly."""

import json
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from core.revisions import record_revision

from .canonical import SYNTHETIC_PREFIX, digest, key_json, model_rows, serialize_rows, synced_models
from .loading import store_records
from .models import FixtureRecord, FixtureState


def adopts(directory):
    """Whether an export to ``directory`` adopts the edits: only one to the fixtures reloads read."""
    return Path(directory).resolve() == Path(settings.FIXTURES_DIR).resolve()


def export_fixtures(directory, *, synthetic=False, using=DEFAULT_DB_ALIAS):
    """Write every synced model to ``directory/<label>.json``; return {path: rows}. Written to the fixtures
    reloads read (``settings.FIXTURES_DIR``), the rows become the reference for conflict detection and the
    edits adopted are recorded in their history; written elsewhere (a copy to compare), nothing is adopted."""
    directory, adopt = Path(directory), adopts(directory)
    directory.mkdir(parents=True, exist_ok=True)
    values = FixtureRecord.objects.using(using).values_list("model", "key", "revision")
    records = {(model, key): revision for model, key, revision in values}
    written, wanted, adopted = {}, [], {}
    for label, synced in synced_models().items():
        canonical = serialize_rows(synced, using=using)
        if not synthetic:
            canonical = {k: v for k, v in canonical.items() if not any(p.startswith(SYNTHETIC_PREFIX) for p in k)}
        path = directory / f"{label}.json"
        text = json.dumps([canonical[key] for key in sorted(canonical, key=key_json)], indent=2, ensure_ascii=False)
        if not path.exists() or path.read_text(encoding="utf-8") != text + "\n":
            path.write_text(text + "\n", encoding="utf-8")
        written[path] = len(canonical)
        if not adopt:
            continue
        rows = model_rows(synced, using=using)
        for key, data in canonical.items():
            row, key_text = rows[key], key_json(key)
            wanted.append((label, key_text, digest(data), row.revision))
            if records.get((label, key_text)) != row.revision:
                adopted.setdefault(synced.model, set()).add(row.pk)
    if not adopt:
        return written
    with transaction.atomic(using=using):
        FixtureRecord.objects.using(using).delete()
        FixtureState.objects.using(using).delete()
        store_records(wanted, using=using)
        record_revision(adopted, comment="Exported to fixtures", using=using)
    return written
