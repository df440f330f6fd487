"""The content version: one row in the database, so every host agrees on it, given a new token by every
:data:`core.changes.changed` in the transaction that changed the content: readers see the two together,
and a rollback undoes both."""

import datetime
import secrets

from django.db import connection
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.changes import changed
from core.models import ContentVersion

INITIAL_VERSION = "0"  # of a database that has never had a change announced
# Plain SQL, written once: read on every request, where building the ORM query would cost as much as the rest of a hit.
CURRENT = f"SELECT token, changed_at FROM {ContentVersion._meta.db_table} WHERE id = 1"


def current():
    """(token, changed_at); (INITIAL_VERSION, None) before any change."""
    with connection.cursor() as cursor:
        cursor.execute(CURRENT)
        row = cursor.fetchone()
    if row is None:
        return INITIAL_VERSION, None
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns the stored text
        changed_at = parse_datetime(changed_at)
    return token, changed_at if timezone.is_aware(changed_at) else timezone.make_aware(changed_at, datetime.UTC)


def content_version():
    return current()[0]


def for_request(request):  # read once per request however many ask
    if not hasattr(request, "_content_version"):
        request._content_version = current()
    return request._content_version


@receiver(changed, dispatch_uid="core.version")
def bump_content_version(sender=None, **kwargs):
    # A random token, not a counter: a database created afresh must not reuse a version a shared cache holds.
    values = {"token": secrets.token_hex(8), "changed_at": timezone.now()}
    ContentVersion.objects.update_or_create(pk=1, defaults=values)
