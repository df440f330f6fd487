"""Read a directory of fixture files into entries, or say everything that is wrong with it.

Whatever a file holds, the reader answers with problems, never a traceback: files that
cannot be read, text that is not JSON, objects of the wrong shape, fields the model does
not have, values of the wrong JSON type and characters the database cannot store are all
named with their file, object and field, so that nothing bad reaches the database.
"""

import difflib
import errno
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from .canonical import digest, key_json
from .errors import FixtureError
from .jsonstream import NotAList, Source, json_items

# PostgreSQL cannot store NUL in text, and no source text needs the other C0 control
# characters; tab, newline and carriage return are text. Unpaired surrogates are not text
# at all: neither database driver can encode them.
REFUSED_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.DateField, models.TimeField)
NUMBER_FIELDS = (models.DecimalField, models.FloatField)


@dataclass
class Entry:
    """One object of a fixture file, in canonical form, with its natural key."""

    file: str
    label: str
    fields: dict
    key: tuple

    @cached_property
    def digest(self):
        """The SHA-256 of the entry's canonical form, what the records compare."""
        return digest(self.canonical)

    def release_fields(self):
        """Keep the digest, let the field values go (a large reload holds many entries)."""
        self.digest  # noqa: B018 -- computed and cached before the fields go
        self.fields = None

    @cached_property
    def key_json(self):
        return key_json(self.key)

    @property
    def canonical(self):
        return {"model": self.label, "fields": self.fields}

    def where(self):
        return f"{self.file}: {self.label} {self.key_json}"


def read_fixture_dir(directory, synced):
    """Every entry of ``directory``, in load order, or FixtureError naming every problem.

    For small sets (and tests): a reload goes through :func:`scan_fixture_dir` and reads
    one model at a time instead, so that it never holds all the entries at once.
    """
    fixtures = scan_fixture_dir(directory, synced)
    entries = [entry for label in synced for entry in fixtures.entries(label, synced)]
    problems = duplicate_keys(entries)
    if problems:
        raise FixtureError(problems)
    return entries


@dataclass
class FixtureFile:
    path: Path
    digest: bytes  # SHA-256 of the bytes as scanned: a file changed since is refused
    labels: dict  # {label: number of entries}


@dataclass
class FixtureSet:
    """The fixture files of a directory, checked; their entries are read a model at a time."""

    files: list

    def count(self, label=None):
        return sum(n for file in self.files for name, n in file.labels.items() if label in (None, name))

    def entries(self, label, synced):
        """The entries of model ``label``, file by file, each file read in chunks as it is reached."""
        for file in self.files:
            if not file.labels.get(label):
                continue
            name = str(file.path)
            try:
                with file.path.open("rb") as stream:
                    source = Source(stream)
                    for item in json_items(source):
                        if str(item["model"]).lower() == label:
                            yield make_entry(item, name, synced[label])
                    changed = source.digest() != file.digest
            except (OSError, ValueError, RecursionError):
                changed = True
            if changed:
                raise FixtureError([f"{name}: changed while it was being loaded; run the reload again"])


def scan_fixture_dir(directory, synced):
    """Check every ``*.json`` file of ``directory`` and count its entries per model.

    Raises FixtureError with every problem found: unreadable files, text that is not
    JSON, objects of the wrong shape, fields of the wrong type. Holds a chunk of one
    file and one object at a time. ``synced`` is :func:`fixture_sync.canonical.synced_models`.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureError([f"{directory}: not a directory"])
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise FixtureError([f"{directory}: no fixture files (*.json)"])
    problems = []
    files = []
    for path in paths:
        scanned = scan_fixture_file(path, synced, problems)
        if scanned is not None:
            files.append(FixtureFile(path, *scanned))
    if problems:
        raise FixtureError(problems)
    return FixtureSet(files)


def scan_fixture_file(path, synced, problems):
    """(digest, {label: entries}) of one file, or None; what is wrong with it is appended to ``problems``."""
    name = str(path)
    stream = open_fixture(path, problems)
    if stream is None:
        return None
    labels = {}
    with stream:
        source = Source(stream)
        try:
            for index, item in enumerate(json_items(source)):
                entry = read_item(item, f"{name}: object #{index + 1}", name, synced, problems)
                if entry is not None:
                    labels[entry.label] = labels.get(entry.label, 0) + 1
        except UnicodeDecodeError as error:
            problems.append(f"{name}: not UTF-8 text ({error.reason})")
        except json.JSONDecodeError as error:
            problems.append(invalid_json(name, error))
        except RecursionError:
            problems.append(f"{name}: nested too deeply to be a fixture file")
        except NotAList as error:
            problems.append(not_a_list(path, error.args[0]))
        except OSError as error:
            problems.append(f"{name}: {unreadable(path, error)}")
        return source.digest(), labels


def invalid_json(name, error):
    return f"{name}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"


def not_a_list(path, first):
    """Why a file whose text does not start with ``[`` is not a fixture file (it is small, or broken early)."""
    if not first:
        return f"{path}: empty file; a fixture file holds a JSON list of objects ([] for none)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return invalid_json(str(path), error)
    except RecursionError:
        return f"{path}: nested too deeply to be a fixture file"
    return f"{path}: expected a list of objects, found {type(data).__name__}"


def open_fixture(path, problems):
    """The file at ``path`` opened for reading, or None with the reason it cannot be read in ``problems``."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            problems.append(f"{path}: a directory, not a fixture file")
        elif not stat.S_ISREG(mode):
            problems.append(f"{path}: not a regular file")
        else:
            return path.open("rb")
    except OSError as error:
        problems.append(f"{path}: {unreadable(path, error)}")
    return None


def unreadable(path, error):
    if error.errno == errno.ELOOP:
        return "a symbolic link in a loop (it leads back to itself)"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"a symbolic link to {os.readlink(path)}, which does not exist"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({error.strerror or error})"


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
    found = field_problems(model, item["fields"], synced)
    if found:
        # The key may itself be malformed: shown as JSON, never used until it is sound.
        where = f"{name}: {label} {key_json(model.natural_key(item['fields']))}"
        problems.extend(f"{where}: {problem}" for problem in found)
        return None
    return make_entry(item, name, model)


def make_entry(item, name, synced_model):
    """The entry of an object already checked by :func:`read_item`."""
    fields = {field: value for field, value in item["fields"].items() if field not in synced_model.derived_fields}
    return Entry(name, synced_model.label, fields, synced_model.natural_key(fields))


def known_fields(synced_model):
    """{name: field} of what a fixture entry of this model may hold (worked out once per model)."""
    known = _KNOWN.get(synced_model.label)
    if known is None:
        meta = synced_model.model._meta
        known = {field.name: field for field in meta.concrete_fields + meta.many_to_many if not field.primary_key}
        _KNOWN[synced_model.label] = known
    return known


_KNOWN = {}
_EXAMPLES = {}


def field_problems(synced_model, fields, synced):
    """What is wrong with each field of one object against its model: unknown, mis-shaped, unstorable."""
    known = known_fields(synced_model)
    problems = []
    for name, value in fields.items():
        field = known.get(name)
        if field is None:
            problems.append(unknown_field(synced_model.label, name, known))
        elif name not in synced_model.derived_fields:
            problem = shape_problem(field, value, synced) or character_problem(value)
            if problem:
                problems.append(f"{name}: {problem}")
    return problems


def unknown_field(label, name, known):
    guess = difflib.get_close_matches(name, known, n=1)
    return f"no field {name!r} on {label}" + (f" (did you mean {guess[0]!r}?)" if guess else "")


def shape_problem(field, value, synced):
    """Why ``value`` cannot be the JSON of ``field``, or None; null is left to the model's validation."""
    if field.is_relation:
        if field not in _EXAMPLES:
            _EXAMPLES[field] = key_example(field, synced)
        example = _EXAMPLES[field]
        shown = json.dumps(example) if example else '["…"]'
        if field.many_to_many and not (isinstance(value, list) and all(is_natural_key(v, example) for v in value)):
            return f"must be a list of natural keys, e.g. [{shown}]; found {describe(value)}"
        if not field.many_to_many and value is not None and not is_natural_key(value, example):
            return f"must be null or a natural key such as {shown}; found {describe(value)}"
        return None
    if value is None:
        return None
    expected = expected_type(field)
    if expected is None:
        return None
    kind, types = expected
    if not isinstance(value, types) or isinstance(value, bool) and types != (bool,):
        return f"must be {kind}; found {describe(value)}"
    try:
        field.to_python(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def expected_type(field):
    """(what to call it, the JSON types it takes) for a simple field, or None where any is fine."""
    if isinstance(field, models.BooleanField):
        return "true or false", (bool,)
    if isinstance(field, models.IntegerField):
        return "a whole number", (int,)
    if isinstance(field, NUMBER_FIELDS):
        return "a number", (int, float, str)
    if isinstance(field, TEXT_FIELDS):
        return "a string", (str,)
    return None


def key_example(field, synced):
    """A natural key of the model ``field`` refers to, its parts named (``["<slug>"]``), or None if not synced."""
    related = synced.get(field.related_model._meta.label_lower)
    if related is None:
        return None
    parts = []
    for name in related.key_fields:
        part = related.model._meta.get_field(name)
        parts.extend((key_example(part, synced) or ["<natural key>"]) if part.is_relation else [f"<{name}>"])
    return parts


def is_natural_key(value, example):
    """Whether ``value`` is a list of scalars, as many as the ``example`` key has (if known)."""
    return (
        isinstance(value, list)
        and len(value) == len(example or value)
        and all(isinstance(part, (str, int, float)) and not isinstance(part, bool) for part in value)
    )


def describe(value):
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return f"the string {json.dumps(text, ensure_ascii=False)}"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)} value(s)" if value else "an empty list"
    return "an object"


def character_problem(value):
    """Why a string in ``value`` (a string, or a list of them, or of lists) cannot be stored, or None."""
    strings = [value]
    while strings:
        text = strings.pop()
        if isinstance(text, list):
            strings.extend(text)
            continue
        match = REFUSED_CHARACTER.search(text) if isinstance(text, str) else None
        if match:
            code = f"U+{ord(match.group()):04X}"
            if match.group() == "\x00":
                return f"contains a NUL character ({code}), which the database cannot store"
            if match.group() >= "\ud800":
                return f"contains {code}, half of a surrogate pair, which is not text"
            return f"contains the control character {code}; text may hold tabs and line breaks, no other controls"
    return None


def duplicate_keys(entries):
    seen = {}
    problems = []
    for entry in entries:
        previous = seen.setdefault((entry.label, entry.key), entry)
        if previous is not entry:
            problems.append(f"{entry.where()}: duplicate natural key (also in {previous.file})")
    return problems
