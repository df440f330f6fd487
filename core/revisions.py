"""The history of the content: who changed what and when, the difference between two
versions of a row, and what a revert keeps.

We use django-reversion: one generic ``Version`` table holds a serialised copy of every
registered row at every save, so no model needs a history table or migrations of its
own; its admin reverts through the model's own change form, so a revert is validated
exactly like a save; and it works on SQLite as on PostgreSQL (django-pghistory is
PostgreSQL-only, django-simple-history adds a table per model).

The content apps register their models in their ``AppConfig.ready()``; the admin
(:mod:`core.admin_history`), the fixture engine (reloads and exports) and the bulk
actions record revisions with :func:`record_revision`.
"""

import difflib
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, models
from reversion.models import Version
from reversion.revisions import _get_options

from core.batches import batches

# Fields that belong to the row in this database, not to its content: a revert keeps
# their current values, so the revision counter only ever grows (the fixture engine
# tells edited rows by it) and the creation and first publication times stand.
KEPT_ON_REVERT = ("revision", "created_at", "modified_at", "published_at")
RECORD_BATCH = 2000  # rows per revision when a reload or an export writes many


def record_revision(rows, *, comment, user=None, using=DEFAULT_DB_ALIAS):
    """Record ``rows`` ({model: pks}) as they are now in a revision with ``comment``.

    Models not registered with reversion are skipped. A very large set is recorded as
    several revisions of ``RECORD_BATCH`` rows, so that no statement grows with it.
    """
    wanted = [(model, pk) for model, pks in rows.items() if reversion.is_registered(model) for pk in sorted(pks)]
    for batch in batches(wanted, RECORD_BATCH):
        with reversion.create_revision(manage_manually=True, using=using, atomic=False):
            reversion.set_comment(comment)
            if user is not None:
                reversion.set_user(user)
            for objects in _instances(batch, using=using):
                for obj in objects:
                    reversion.add_to_revision(obj, model_db=using)


def _instances(pairs, *, using):
    """The rows of ``pairs`` ((model, pk)) by model, with what serialising them (and their
    names, which may show a related row) reads. Models that others follow come first, so
    that a followed row already recorded is not serialised twice."""
    by_model = {}
    for model, pk in pairs:
        by_model.setdefault(model, []).append(pk)
    for model in sorted(by_model, key=lambda model: bool(_get_options(model).follow)):
        options = _get_options(model)
        many = [f.name for f in model._meta.many_to_many if f.name in options.fields]
        followed = [
            models.Prefetch(name, queryset=_with_related(model._meta.get_field(name).related_model, using))
            for name in options.follow
        ]
        yield _with_related(model, using).filter(pk__in=by_model[model]).prefetch_related(*many, *followed)


def _with_related(model, using):
    return model._default_manager.db_manager(using).select_related(
        *[f.name for f in model._meta.concrete_fields if f.many_to_one]
    )


def versions_to_revert(version):
    """``version`` and the versions, in its revision, of the rows its model follows (a fact's
    citations) that belonged to it then: what reverting the row puts back.

    Not the whole revision: a reload, an export or a bulk action records many rows in one,
    and reverting one row must not revert the others."""
    return [version, *(each for _name, each in _followed_versions(version))]


def revert(versions):
    """Write ``versions`` (from :func:`versions_to_revert`) back, and delete the followed rows
    the first one has now that it did not have then (a citation added since)."""
    version, model = versions[0], versions[0]._model
    obj = model._default_manager.filter(pk=version.object_id).first()
    if obj is not None:
        then = {(each._model, str(each.object_id)) for each in versions}
        for name in _get_options(model).follow:
            for row in getattr(obj, name).all():
                if (type(row), str(row.pk)) not in then:
                    row.delete()
    for each in versions:
        each.revert()


def _followed_versions(version):
    """(follow name, version) of the rows ``version``'s row followed in the same revision (one level)."""
    model = version._model
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        if not relation.one_to_many:
            continue
        related, attname = relation.related_model, relation.field.attname
        for each in Version.objects.get_for_model(related).filter(revision_id=version.revision_id).order_by("pk"):
            if str(each.field_dict.get(attname)) == str(version.object_id):
                yield name, each


def kept_values(versions):
    """{model: {pk: {field: value}}} of the ``KEPT_ON_REVERT`` fields of the rows ``versions``
    restore, as they are now (read before a revert overwrites them)."""
    pks = {}
    for version in versions:
        pks.setdefault(version._model, []).append(version.object_id)
    kept = {}
    for model, ids in pks.items():
        names = [name for name in KEPT_ON_REVERT if _has_field(model, name)]
        if names:
            rows = model._default_manager.filter(pk__in=ids).values("pk", *names)
            kept[model] = {row.pop("pk"): row for row in rows}
    return kept


def restore_kept_values(kept):
    """Put back the values :func:`kept_values` read; the revision counter one past them."""
    for model, rows in kept.items():
        objects = []
        for pk, values in rows.items():
            obj = model(pk=pk, **values)
            if "revision" in values:
                obj.revision += 1
            objects.append(obj)
        names = sorted({name for values in rows.values() for name in values})
        model._default_manager.bulk_update(objects, names)


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass
class FieldChange:
    """One field that differs between two versions: its values as an editor reads them,
    and, for text, the changed lines (``("-"|"+"|" "|"@", line)``)."""

    label: str
    old: str
    new: str
    lines: list = field(default_factory=list)


@dataclass
class RelatedChange:
    """A followed row (a fact's citation) added, removed or changed between two versions."""

    label: str
    what: str  # "added", "removed" or "changed"
    changes: list = field(default_factory=list)


def compare(model, old, new):
    """The fields of ``model`` that differ from version ``old`` to version ``new``, in form order."""
    fields = _compared_fields(model)
    names = _related_names(fields, [old.field_dict, new.field_dict])
    return [
        _change(each, old.field_dict.get(each.attname), new.field_dict.get(each.attname), names)
        for each in fields
        if _normal(each, old.field_dict.get(each.attname)) != _normal(each, new.field_dict.get(each.attname))
    ]


def compare_followed(old, new):
    """The rows ``model`` follows (reverse foreign keys such as a fact's citations) that were
    added, removed or changed between the revisions of versions ``old`` and ``new``."""
    found = []
    before = {(each._model, each.object_id): each for _name, each in _followed_versions(old)}
    after = {(each._model, each.object_id): each for _name, each in _followed_versions(new)}
    for key in sorted({*before, *after}, key=lambda key: (key[0]._meta.label, len(key[1]), key[1])):
        a, b = before.get(key), after.get(key)
        if a is None:
            found.append(RelatedChange(b.object_repr, "added"))
        elif b is None:
            found.append(RelatedChange(a.object_repr, "removed"))
        elif changes := compare(key[0], a, b):
            found.append(RelatedChange(b.object_repr, "changed", changes))
    return found


def _compared_fields(model):
    """The fields an editor edits: registered, editable, not the row's own bookkeeping."""
    registered = set(_get_options(model).fields)
    return [
        each
        for each in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if each.name in registered and each.editable and not each.primary_key
    ]


def _normal(model_field, value):
    if model_field.many_to_many:
        return sorted(value or [])
    return value


def _related_names(fields, dicts):
    """{related model: {pk: str}} for the foreign keys and many-to-many values of ``dicts``:
    one query per related model."""
    wanted = {}
    for each in fields:
        if not each.is_relation:
            continue
        for values in dicts:
            value = values.get(each.attname)
            pks = value if each.many_to_many else [value]
            wanted.setdefault(each.related_model, set()).update(pk for pk in pks or () if pk is not None)
    return {
        related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(sorted(pks)).items()}
        for related, pks in wanted.items()
        if pks
    }


def _change(model_field, old, new, names):
    old_text, new_text = _display(model_field, old, names), _display(model_field, new, names)
    lines = []
    if isinstance(model_field, models.TextField) or "\n" in old_text or "\n" in new_text:
        lines = line_diff(old_text, new_text)
    return FieldChange(str(model_field.verbose_name), old_text, new_text, lines)


def _display(model_field, value, names):
    if model_field.many_to_many:
        known = names.get(model_field.related_model, {})
        return ", ".join(sorted(known.get(pk, f"#{pk} (deleted)") for pk in value or ())) or "—"
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return names.get(model_field.related_model, {}).get(value, f"#{value} (deleted)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def line_diff(old, new, context=1):
    """The changed lines of a text, with ``context`` lines around each change:
    ``("@", "…")`` between hunks, then ``("-", line)``, ``("+", line)`` or ``(" ", line)``."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context)
    lines = []
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        lines.append(("@", "…") if line.startswith("@@") else (line[:1], line[1:]))
    return lines
