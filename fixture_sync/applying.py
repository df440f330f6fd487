"""Write a plan to the database, inside the caller's transaction, collecting every problem.

Each entry is deserialised (its natural key finds the row it updates), validated with
``full_clean`` and saved in a savepoint, so one refused row does not hide the next
one's problem. References a model makes to itself are saved once all its rows exist.
Then the rows dropped from the fixtures are deleted, and the project's checks run.
"""

import json

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.module_loading import import_string

from .canonical import key_json

PROGRESS_EVERY = 1000


def apply_plan(plan, synced, *, using, progress=None):
    """Write ``plan``'s creates, updates and deletes; return the problems found."""
    order = {label: index for index, label in enumerate(synced)}
    entries = sorted(plan.creates + plan.updates, key=lambda entry: order[entry.label])
    problems = []
    deferred = []
    for done, entry in enumerate(entries, 1):
        if progress and len(entries) >= PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
            progress(f"  {done}/{len(entries)} objects checked and written")
        deserialized = write_entry(entry, using=using, problems=problems)
        if deserialized is not None and deserialized.deferred_fields:
            deferred.append((entry, deserialized))
    for entry, deserialized in deferred:
        try:
            deserialized.save_deferred_fields(using=using)
        except (DeserializationError, ObjectDoesNotExist) as error:
            problems.append(describe_deserialization_error(entry, error))
    for label, key in sorted(plan.deletes, key=lambda item: -order[item[0]]):
        problems.extend(delete_row(synced, label, key, using=using))
    return problems


def run_checks(*, using):
    """Run every check of ``settings.FIXTURE_CHECKS`` on the loaded rows; return their problems."""
    problems = []
    for path in settings.FIXTURE_CHECKS:
        problems.extend(import_string(path)(using=using))
    return problems


def write_entry(entry, *, using, problems):
    """Validate and save one entry; return the deserialised object, or None with ``problems`` extended."""
    try:
        deserialized = deserialize(entry, using)
    except (DeserializationError, ObjectDoesNotExist, FieldDoesNotExist, ValidationError) as error:
        problems.append(describe_deserialization_error(entry, error))
        return None
    obj = deserialized.object
    # The deserializer found the row by its natural key; validate it as an update.
    obj._state.adding = obj.pk is None
    try:
        obj.full_clean(exclude=[f.name for f in deserialized.deferred_fields or ()])
    except ValidationError as error:
        problems.extend(validation_problems(entry, error))
        return None
    try:
        with transaction.atomic(using=using):
            deserialized.save(using=using)
    except IntegrityError as error:
        problems.append(f"{entry.where()}: refused by the database: {error}")
        return None
    return deserialized


def deserialize(entry, using):
    model = apps.get_model(entry.label)
    forward = any(f.related_model is model for f in model._meta.get_fields() if f.is_relation)
    (deserialized,) = serializers.deserialize(
        "python", [entry.canonical], using=using, handle_forward_references=forward
    )
    return deserialized


def describe_deserialization_error(entry, error):
    original = getattr(error, "__cause__", None) or error
    text = str(original).splitlines()[0] if str(original) else type(original).__name__
    field_value = getattr(error, "field_value", None)
    if isinstance(original, ObjectDoesNotExist) or "does not exist" in text:
        reference = f" {json.dumps(field_value, ensure_ascii=False)}" if field_value is not None else ""
        return f"{entry.where()}: dangling reference{reference}: {text}"
    return f"{entry.where()}: {text}"


def validation_problems(entry, error):
    if hasattr(error, "message_dict"):
        return [
            f"{entry.where()}: {name if name != '__all__' else 'object'}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [f"{entry.where()}: {message}" for message in error.messages]


def delete_row(synced, label, key, *, using):
    """Delete the row of ``label`` with natural ``key``; return the problems (other rows protecting it)."""
    manager = synced[label].model._default_manager.db_manager(using)
    try:
        with transaction.atomic(using=using):
            manager.filter(**lookup_for_key(synced, label, key)).delete()
    except (ProtectedError, IntegrityError) as error:
        return [f"{label} {key_json(key)}: cannot be deleted, other rows still refer to it ({error})"]
    return []


def lookup_for_key(synced, label, key):
    """Filter arguments finding a row by natural key, a foreign key part by the related row's key."""
    model = synced[label].model
    lookups = {}
    values = list(key)
    for name in synced[label].key_fields:
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            for related_name in synced[model_field.related_model._meta.label_lower].key_fields:
                lookups[f"{name}__{related_name}"] = values.pop(0)
        else:
            lookups[name] = values.pop(0)
    return lookups
