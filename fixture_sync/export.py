"""Write the database back to fixture files, deterministic and diff-friendly."""

import json
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, transaction

from core.revisions import record_revision

from .canonical import database_state, digest, key_json, synced_models
from .records import load_records, replace_records
from .state import current_rows


def export_fixtures(directory, *, synthetic=False, using=DEFAULT_DB_ALIAS):
    """Write every synced model to ``directory/<label>.json``; return {path: rows}.

    The rows written become the new reference for conflict detection, so that a
    reload of the exported files changes nothing. The rows whose export differs from
    what the last reload or export recorded (the edits it adopts) are recorded in their
    history as a revision.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    wanted = []
    synced = synced_models()
    revisions = current_rows(synced, using=using)
    records = load_records(using=using)
    adopted = {}  # {model: pks}
    for label, rows in database_state(synthetic=synthetic, using=using).items():
        path = directory / f"{label}.json"
        text = fixture_text(rows)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written[path] = len(rows)
        for key, row in rows.items():
            current, record = revisions[label][key], records.get((label, key_json(key)))
            wanted.append((label, key_json(key), digest(row), current.revision))
            if record is None or record.revision != current.revision:
                adopted.setdefault(synced[label].model, set()).add(current.pk)
    with transaction.atomic(using=using):
        replace_records(wanted, using=using)
        record_revision(adopted, comment="Exported to fixtures", using=using)
    return written


def fixture_text(rows):
    """One fixture file: the rows sorted by natural key, two-space indentation."""
    ordered = [rows[key] for key in sorted(rows, key=key_json)]
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
