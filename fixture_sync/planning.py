"""Decide what a reload does, from the entries, the database and the records of the last reload.

Pure: :func:`make_plan` reads nothing and writes nothing, so it is tested on small
hand-built data. A row is compared field by field only when its revision says it was
edited, or when no reload wrote it: :func:`rows_to_compare` names those rows, whose
canonical form the caller reads first.
"""

import json
from dataclasses import dataclass, field

from .canonical import digest, key_json


@dataclass
class Plan:
    force: bool = False
    creates: list = field(default_factory=list)  # entries
    updates: list = field(default_factory=list)  # entries
    deletes: list = field(default_factory=list)  # (label, key)
    unchanged: list = field(default_factory=list)  # entries
    conflicts: list = field(default_factory=list)  # messages: the reload is refused
    forced: list = field(default_factory=list)  # messages: overwritten because of ``force``
    kept: int = 0  # rows editors created that the fixtures do not know

    @property
    def changes(self):
        return len(self.creates) + len(self.updates) + len(self.deletes)

    def conflict(self, message, actions, item):
        """An editor's work is in the way: refuse, or with ``force`` add ``item`` to ``actions``."""
        if self.force:
            self.forced.append(message)
            actions.append(item)
        else:
            self.conflicts.append(message)


def edited_since(row, record):
    """Whether ``row`` was saved since ``record`` was written (by revision, or for old
    records by the digest of the row)."""
    if record.revision is not None:
        return row.revision != record.revision
    return digest(row.canonical) != record.db_digest


def rows_to_compare(entries, state, records):
    """{label: keys} of the rows a plan compares field by field: in the fixtures or the
    records, and edited since the last reload or never loaded by one."""
    wanted = entry_rows_to_compare(entries, state, records)
    in_fixtures = {(entry.label, entry.key) for entry in entries}
    for label, keys in removed_rows_to_compare(in_fixtures, state, records).items():
        wanted.setdefault(label, []).extend(keys)
    return wanted


def entry_rows_to_compare(entries, state, records):
    """{label: keys} of the rows of ``entries`` edited since the last reload, or never loaded by one."""
    wanted = {}
    for entry in entries:
        row = state[entry.label].get(entry.key)
        record = records.get((entry.label, entry.key_json))
        if row is not None and (record is None or record.revision is None or edited_since(row, record)):
            wanted.setdefault(entry.label, []).append(entry.key)
    return wanted


def removed_rows_to_compare(in_fixtures, state, records):
    """{label: keys} of the recorded rows no longer in the fixtures (``in_fixtures``) that were edited since."""
    wanted = {}
    for (label, key_text), record in records.items():
        key = tuple(json.loads(key_text))
        row = state[label].get(key)
        if (
            (label, key) not in in_fixtures
            and row is not None
            and (record.revision is None or edited_since(row, record))
        ):
            wanted.setdefault(label, []).append(key)
    return wanted


def make_plan(entries, state, records, *, force):
    """Decide, for every fixture entry and every recorded row, what the reload does.

    ``state`` is {label: {natural key: Row}} for the database as it is (with the
    canonical form of the rows :func:`rows_to_compare` names); ``records`` is
    {(label, key as JSON): record} with the ``source_digest`` and ``revision`` the
    last reload noted for each row it wrote. A reload makes its plan a model and a
    batch at a time: :func:`plan_entries` for each batch of a model's entries, then
    :func:`plan_rest` once the model's entries are all known.
    """
    plan = Plan(force=force)
    plan_entries(plan, entries, state, records)
    plan_rest(plan, {(entry.label, entry.key) for entry in entries}, state, records)
    return plan


def plan_entries(plan, entries, state, records):
    """Add what the reload does with each of ``entries`` to ``plan``."""
    for entry in entries:
        plan_entry(plan, entry, state[entry.label].get(entry.key), records.get((entry.label, entry.key_json)))


def plan_rest(plan, in_fixtures, state, records):
    """Add to ``plan`` the recorded rows gone from the fixtures, and count the rows editors made."""
    plan_removals(plan, in_fixtures, state, records)
    for label, rows in state.items():
        plan.kept += sum(
            1 for key in rows if (label, key) not in in_fixtures and (label, key_json(key)) not in records
        )


def plan_entry(plan, entry, current, record):
    """One fixture entry against its row (``current``, or None) and its record (or None)."""
    if current is None:
        if record is None:
            plan.creates.append(entry)
        else:
            plan.conflict(f"{entry.where()}: deleted in the admin since the last reload", plan.creates, entry)
        return
    if record is None:
        if current.canonical == entry.canonical:
            plan.unchanged.append(entry)
        else:
            message = f"{entry.where()}: exists in the database but was not loaded from fixtures, and differs"
            plan.conflict(message, plan.updates, entry)
        return
    edited = edited_since(current, record)
    if entry.digest == record.source_digest and not edited:
        plan.unchanged.append(entry)
    elif current.canonical == entry.canonical:
        plan.unchanged.append(entry)  # the edit and the fixture agree
    elif edited:
        plan.conflict(f"{entry.where()}: edited in the admin since the last reload", plan.updates, entry)
    else:
        plan.updates.append(entry)


def plan_removals(plan, in_fixtures, state, records):
    """Rows a reload wrote whose entries are gone from the fixtures: delete them, unless edited since."""
    for (label, key_text), record in records.items():
        key = tuple(json.loads(key_text))
        if (label, key) in in_fixtures:
            continue
        current = state[label].get(key)
        if current is None:
            continue
        if not edited_since(current, record):
            plan.deletes.append((label, key))
        else:
            message = f"{label} {key_text}: removed from the fixtures but edited in the admin since the last reload"
            plan.conflict(message, plan.deletes, (label, key))
