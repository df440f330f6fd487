"""``{% reload_state original %}``: whether an admin row changed since the last fixture reload, on
the admin's change form (the content apps' admins know nothing of the engine, which sits above them)."""

from django import template
from django.conf import settings

from fixture_sync.canonical import key_json, sha
from fixture_sync.models import FixtureRecord

register = template.Library()


@register.simple_tag
def reload_state(obj):
    if obj is None or obj.pk is None or obj._meta.label_lower not in settings.FIXTURE_MODELS:
        return ""
    key = key_json(str(part) for part in obj.natural_key())
    record = FixtureRecord.objects.filter(model=obj._meta.label_lower, key_digest=sha(key)).first()
    if record is None or record.revision is None:
        return "not loaded from the fixtures (export to keep it)"
    if record.revision != obj.revision:
        return "edited since the last reload; a reload keeps this edit unless forced, an export records it"
    return "unchanged since the last reload"
