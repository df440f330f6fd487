"""Read a directory of fixture files into entries, or say everything that is wrong with it."""

import json
from dataclasses import dataclass
from pathlib import Path

from .canonical import key_json
from .errors import FixtureError


@dataclass
class Entry:
    """One object of a fixture file, in canonical form, with its natural key."""

    file: str
    label: str
    fields: dict
    key: tuple

    @property
    def key_json(self):
        return key_json(self.key)

    @property
    def canonical(self):
        return {"model": self.label, "fields": self.fields}

    def where(self):
        return f"{self.file}: {self.label} {self.key_json}"


def read_fixture_dir(directory, synced):
    """Parse every ``*.json`` file of ``directory`` into entries in load order, or raise FixtureError.

    ``synced`` is :func:`fixture_sync.canonical.synced_models`: the models fixtures may
    hold, in load order.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureError([f"{directory}: not a directory"])
    files = sorted(directory.glob("*.json"))
    if not files:
        raise FixtureError([f"{directory}: no fixture files (*.json)"])
    problems = []
    entries = []
    for path in files:
        entries.extend(read_fixture_file(path, synced, problems))
    problems.extend(duplicate_keys(entries))
    if problems:
        raise FixtureError(problems)
    order = {label: index for index, label in enumerate(synced)}
    entries.sort(key=lambda entry: order[entry.label])
    return entries


def read_fixture_file(path, synced, problems):
    """The entries of one file; what cannot be read is appended to ``problems``."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        problems.append(f"{name}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
        return []
    except UnicodeDecodeError as error:
        problems.append(f"{name}: not UTF-8 text ({error.reason})")
        return []
    if not isinstance(data, list):
        problems.append(f"{name}: expected a list of objects, found {type(data).__name__}")
        return []
    entries = []
    for index, item in enumerate(data):
        entry = read_item(item, f"{name}: object #{index + 1}", name, synced, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def read_item(item, where, name, synced, problems):
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict) or "model" not in item:
        problems.append(f"{where}: expected {{'model': ..., 'fields': {{...}}}}")
        return None
    label = str(item["model"]).lower()
    if label not in synced:
        problems.append(f"{where}: unknown model {item['model']!r}")
        return None
    if "pk" in item:
        problems.append(f"{where} ({label}): has a primary key; fixtures use natural keys only")
        return None
    model = synced[label]
    missing = [field for field in model.key_fields if item["fields"].get(field) in (None, "", [])]
    if missing:
        problems.append(f"{where} ({label}): natural key field(s) missing: {', '.join(missing)}")
        return None
    fields = {field: value for field, value in item["fields"].items() if field not in model.derived_fields}
    return Entry(name, label, fields, model.natural_key(fields))


def duplicate_keys(entries):
    seen = {}
    problems = []
    for entry in entries:
        previous = seen.setdefault((entry.label, entry.key), entry)
        if previous is not entry:
            problems.append(f"{entry.where()}: duplicate natural key (also in {previous.file})")
    return problems
