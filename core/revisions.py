"""The content's history with django-reversion: recorded in batches, compared, reverted a row at a time."""

import difflib
import json
from collections import defaultdict

import reversion
from django.db import DEFAULT_DB_ALIAS, models
from reversion.models import Version
from reversion.revisions import _get_options

from core.batches import batches
from core.models import PublicationStatus

# The row's bookkeeping in this database, not content: a revert keeps it, so the revision counter
# only grows (the fixture engine tells edited rows by it).
KEPT_ON_REVERT = ("revision", "created_at", "modified_at", "published_at")
RECORD_BATCH = 2000  # rows per revision when a reload or an export writes many


def record_revision(rows, *, comment, user=None, using=DEFAULT_DB_ALIAS):
    """Record ``rows`` ({model: pks}) as they are now."""
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
    """The rows of ``pairs`` by model, with what serialising them reads; the models others follow
    first, so that a followed row is not serialised twice."""
    by_model = defaultdict(list)
    for model, pk in pairs:
        by_model[model].append(pk)
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


def revert(version):
    """Write back ``version`` and the versions of the rows it followed (one level), deleting the followed
    rows added since (a citation); the ``KEPT_ON_REVERT`` fields keep their values, the revision one past."""
    model = version._model
    versions = [version, *followed_versions(version)]
    kept = {}
    for each in {one._model for one in versions}:
        names = [f.name for f in each._meta.concrete_fields if f.name in KEPT_ON_REVERT]
        ids = [one.object_id for one in versions if one._model is each]
        if names:
            kept[each] = (names, list(each._default_manager.filter(pk__in=ids).values("pk", *names)))
    obj = model._default_manager.filter(pk=version.object_id).first()
    if obj is not None:
        then = {(each._model, str(each.object_id)) for each in versions}
        for name in _get_options(model).follow:
            for row in getattr(obj, name).all():
                if (type(row), str(row.pk)) not in then:
                    row.delete()
    for each in versions:
        each.revert()
    for each, (names, rows) in kept.items():
        objects = [each(**row) for row in rows]
        if "revision" in names:
            for obj in objects:
                obj.revision += 1
        each._default_manager.bulk_update(objects, names)


def followed_versions(version):
    """The versions of the rows ``version``'s row followed in its revision (one level)."""
    model = version._model
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        if relation.one_to_many:
            related, attname = relation.related_model, relation.field.attname
            for each in Version.objects.get_for_model(related).filter(revision_id=version.revision_id).order_by("pk"):
                if str(each.field_dict.get(attname)) == str(version.object_id):
                    yield each


def compare(model, old, new):
    """The editable fields that differ from version ``old`` to ``new``: dicts of ``label``, ``old``,
    ``new`` as an editor reads them, and for text the changed ``lines``."""
    registered = set(_get_options(model).fields)
    fields = [
        each
        for each in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if each.name in registered and each.editable and not each.primary_key
    ]
    names = _related_names(fields, [old.field_dict, new.field_dict])
    changes = []
    for each in fields:
        before, after = old.field_dict.get(each.attname), new.field_dict.get(each.attname)
        if each.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before != after:
            before, after = _display(each, before, names), _display(each, after, names)
            lines = []
            if isinstance(each, models.TextField) or "\n" in before or "\n" in after:
                lines = line_diff(before, after)
            changes.append({"label": str(each.verbose_name), "old": before, "new": after, "lines": lines})
    return changes


def compare_followed(old, new):
    """The followed rows (a fact's citations) ``added``, ``removed`` or ``changed`` from ``old`` to ``new``."""
    found = []
    before = {(each._model, each.object_id): each for each in followed_versions(old)}
    after = {(each._model, each.object_id): each for each in followed_versions(new)}
    for key in sorted({*before, *after}, key=lambda key: (key[0]._meta.label, len(key[1]), key[1])):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            found.append({"label": (a or b).object_repr, "what": "removed" if b is None else "added"})
        elif changes := compare(key[0], a, b):
            found.append({"label": b.object_repr, "what": "changed", "changes": changes})
    return found


def _related_names(fields, dicts):
    """{related model: {pk: str}} for the relations' values in ``dicts``, one query per model."""
    wanted = defaultdict(set)
    for each in fields:
        for values in dicts if each.is_relation else ():
            value = values.get(each.attname)
            pks = value if each.many_to_many else [value]
            wanted[each.related_model].update(pk for pk in pks or () if pk is not None)
    return {
        related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(sorted(pks)).items()}
        for related, pks in wanted.items()
        if pks
    }


def _display(model_field, value, names):
    known = names.get(model_field.related_model, {})
    if model_field.many_to_many:
        return ", ".join(sorted(known.get(pk, f"#{pk} (deleted)") for pk in value)) or "—"
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return known.get(value, f"#{value} (deleted)")
    return str(dict(model_field.flatchoices).get(value, value) if model_field.choices else value)


def line_diff(old, new, context=1):
    """``(mark, line)`` of the changed lines and ``context`` around them, ``("@", "…")`` between hunks."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context)
    lines = [
        ("@", "…") if line.startswith("@@") else (line[:1], line[1:])
        for line in diff
        if line[:3] not in ("---", "+++")
    ]
    return lines[1:]  # the first hunk's mark: nothing comes before it


def public_history(obj):
    """Dicts of ``date`` and ``summary`` of the versions of ``obj`` readers saw, newest first; the
    revisions' own comments are internal."""
    versions = Version.objects.get_for_object(obj).select_related("revision__public_summary").order_by("pk")
    published = [version for version in versions if _status(version) == PublicationStatus.PUBLISHED]
    history = []
    for index, version in enumerate(published):
        summary = getattr(getattr(version.revision, "public_summary", None), "text", "")
        history.append(
            {"date": version.revision.date_created, "summary": summary or ("Edited" if index else "First published")}
        )
    return history[::-1]


def _status(version):
    # From the stored JSON, not a rebuilt instance: a version older than the model's fields still reads.
    try:
        return json.loads(version.serialized_data)[0]["fields"].get("status")
    except (ValueError, LookupError, TypeError, AttributeError):
        return None
