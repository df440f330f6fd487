"""Read a directory of fixture files, or name everything wrong with it (file, object, field), never with a
traceback. Values are converted and validated by the model (``full_clean``); here only what no field could
be given: a wrong JSON type (Django would coerce it), a character no database stores."""

import difflib
import errno
import json
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.db import models

from .canonical import digest, key_json
from .errors import FixtureError

# PostgreSQL cannot store NUL, no source text needs the other C0 controls (tab and line
# breaks are text), and unpaired surrogates are not text at all.
REFUSED_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.DateField, models.TimeField)
JSON_TYPES = [
    (models.BooleanField, "true or false", (bool,)),
    (models.IntegerField, "a whole number", (int,)),
    ((models.DecimalField, models.FloatField), "a number", (int, float, str)),
    (TEXT_FIELDS, "a string", (str,)),
]


@dataclass
class Entry:
    """One object of a fixture file, without its derived fields, and its natural key."""

    file: str
    label: str
    fields: dict
    key: tuple

    def __post_init__(self):
        self.canonical = {"model": self.label, "fields": self.fields}
        self.key_json = key_json(self.key)

    @cached_property
    def digest(self):
        return digest(self.canonical)

    def where(self):
        return f"{self.file}: {self.label} {self.key_json}"


def scan_fixture_dir(directory, synced):
    """{path: labels it holds} for the ``*.json`` files of ``directory``, every object checked."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureError([f"{directory}: not a directory"])
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise FixtureError([f"{directory}: no fixture files (*.json)"])
    problems, files = [], {}
    for path in paths:
        files[path] = set()  # a file of no objects still names its model (countries.countryalias.json)
        for index, item in enumerate(load_file(path, problems)):
            label = check_item(item, f"{path}: object #{index + 1}", path, synced, problems)
            files[path].add(label)
    if problems:
        raise FixtureError(problems)
    return files


def read_entries(files, label, synced):
    """{natural key: Entry} of model ``label`` in the checked ``files`` (read again: one model in memory at a
    time), and the keys found twice."""
    entries, problems = {}, []
    for path in (path for path, labels in files.items() if label in labels):
        try:
            items = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            raise FixtureError([f"{path}: changed while it was being loaded; run the reload again"]) from None
        for item in items:
            if str(item["model"]).lower() == label:
                fields = {k: v for k, v in item["fields"].items() if k not in synced[label].derived_fields}
                for name in synced[label].many_to_many:  # links are a set: their order in the file is not content
                    if isinstance(fields.get(name), list):
                        fields[name] = sorted(fields[name], key=key_json)
                entry = Entry(str(path), label, fields, synced[label].natural_key(fields))
                if entry.key in entries:
                    problems.append(f"{entry.where()}: duplicate natural key (also in {entries[entry.key].file})")
                else:
                    entries[entry.key] = entry
    return entries, problems


def load_file(path, problems):
    """The JSON list a fixture file holds, or [] with what is wrong with it in ``problems``."""
    try:
        if not stat.S_ISREG(mode := path.stat().st_mode):
            kind = "a directory, not a fixture file" if stat.S_ISDIR(mode) else "not a regular file"
            problems.append(f"{path}: {kind}")
            return []
        data = json.loads(text := path.read_bytes().decode("utf-8"))
    except OSError as error:
        if error.errno == errno.ELOOP:
            problems.append(f"{path}: a symbolic link in a loop (it leads back to itself)")
        elif error.errno == errno.ENOENT and path.is_symlink():
            problems.append(f"{path}: a symbolic link to {path.readlink()}, which does not exist")
        else:
            reason = "permission denied" if error.errno in (errno.EACCES, errno.EPERM) else error.strerror or error
            problems.append(f"{path}: cannot be read ({reason})")
    except UnicodeDecodeError as error:
        problems.append(f"{path}: not UTF-8 text ({error.reason})")
    except json.JSONDecodeError as error:
        if not text.strip():
            problems.append(f"{path}: empty file; a fixture file holds a JSON list of objects ([] for none)")
        else:
            problems.append(f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}")
    except RecursionError:
        problems.append(f"{path}: nested too deeply to be a fixture file")
    else:
        if isinstance(data, list):
            return data
        problems.append(f"{path}: expected a list of objects, found {type(data).__name__}")
    return []


def check_item(item, where, path, synced, problems):
    """The label of one object of a fixture file; what is wrong with it appended to ``problems``."""
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict) or "model" not in item:
        problems.append(f"{where}: expected {{'model': ..., 'fields': {{...}}}}")
        return None
    label, fields = str(item["model"]).lower(), item["fields"]
    model = synced.get(label)
    if model is None:
        problems.append(f"{where}: unknown model {item['model']!r}")
    elif "pk" in item:
        problems.append(f"{where} ({label}): has a primary key; fixtures use natural keys only")
    elif missing := [name for name in model.key_fields if fields.get(name) in (None, "", [])]:
        problems.append(f"{where} ({label}): natural key field(s) missing: {', '.join(missing)}")
    else:
        where = f"{path}: {label} {key_json(model.natural_key(fields))}"
        for name, value in fields.items():
            if name not in model.fields:
                guess = difflib.get_close_matches(name, model.fields, n=1)
                hint = f" (did you mean {guess[0]!r}?)" if guess else ""
                problems.append(f"{where}: no field {name!r} on {label}{hint}")
            elif name not in model.derived_fields and (
                problem := shape_problem(model.fields[name], value, synced) or character_problem(value)
            ):
                problems.append(f"{where}: {name}: {problem}")
    return label


def shape_problem(field, value, synced):
    """Why ``value`` cannot be the JSON of ``field``, or None (null is the model's to refuse)."""
    if field.is_relation:  # to a synced model: the loader finds its rows by natural key
        paths = synced[field.related_model._meta.label_lower].key_paths
        if field.many_to_many and not (isinstance(value, list) and all(is_key(v, len(paths)) for v in value)):
            return f"must be a list of natural keys, e.g. [{key_example(paths)}]; found {describe(value)}"
        if not field.many_to_many and value is not None and not is_key(value, len(paths)):
            return f"must be null or a natural key such as {key_example(paths)}; found {describe(value)}"
        return None
    for fields, kind, types in JSON_TYPES:
        if isinstance(field, fields) and value is not None:
            if not isinstance(value, types) or (isinstance(value, bool) and types != (bool,)):
                return f"must be {kind}; found {describe(value)}"
            return None
    return None


def key_example(paths):
    return json.dumps([f"<{path.rsplit('__', 1)[-1]}>" for path in paths])


def is_key(value, size):  # a list of ``size`` scalars
    scalars = isinstance(value, list) and all(type(part) in (str, int, float) for part in value)
    return scalars and len(value) == size


def describe(value):
    if isinstance(value, str):
        return f"the string {json.dumps(value if len(value) <= 40 else value[:39] + '…', ensure_ascii=False)}"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)} value(s)" if value else "an empty list"
    return "an object"


def character_problem(value):
    """Why a string in ``value`` (a string, or lists and objects of them, keys included) cannot be stored, or None."""
    if isinstance(value, dict):
        value = [*value, *value.values()]
    if isinstance(value, list):
        return next(filter(None, map(character_problem, value)), None)
    match = REFUSED_CHARACTER.search(value) if isinstance(value, str) else None
    if match is None:
        return None
    code = f"U+{ord(match.group()):04X}"
    if match.group() == "\x00":
        return f"contains a NUL character ({code}), which the database cannot store"
    if match.group() >= "\ud800":
        return f"contains {code}, half of a surrogate pair, which is not text"
    return f"contains the control character {code}; text may hold tabs and line breaks, no other controls"
