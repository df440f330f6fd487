"""The content version: one token that changes whenever content a reader could see changes.

The database is the source of truth (one row, one indexed query to read), so every worker
and host agrees on it whatever the cache backend; the page cache keys pages by it, so an
edit is visible on the very next request. :mod:`core.changes` bumps it for every announced
change (the :data:`core.changes.changed` signal), once the transaction commits.
"""

import datetime
import secrets

from django.db import IntegrityError, connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.changes import changed
from core.models import ContentVersion

#: The version of a database that has never had a change announced.
INITIAL_VERSION = "0"


def current():
    """(token, changed_at) of the content, with one query; (INITIAL_VERSION, None) before any change.

    Read on every public request, so with plain SQL: building the ORM query would cost
    more than running it.
    """
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return INITIAL_VERSION, None
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns the stored text
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return token, changed_at


def content_version():
    """A short string that changes whenever content changes (one query)."""
    return current()[0]


def for_request(request):
    """(token, changed_at) as :func:`current`, read once per request however many ask."""
    if not hasattr(request, "_content_version"):
        request._content_version = current()
    return request._content_version


@receiver(changed, dispatch_uid="core.version")
def content_changed(sender, changes, using=None, **kwargs):
    bump_content_version(using=using)


def bump_content_version(*, using=None):
    """Give the content a new version once the current transaction commits (now, outside one)."""
    transaction.on_commit(lambda: _bump(using), using=using)


def _bump(using):
    # A random token, not a counter: a database created afresh must not reuse a version
    # whose pages a shared cache still holds.
    values = {"token": secrets.token_hex(8), "changed_at": timezone.now()}
    manager = ContentVersion.objects.db_manager(using)
    if not manager.filter(pk=1).update(**values):
        try:
            with transaction.atomic(using=using):
                manager.create(pk=1, **values)
        except IntegrityError:  # another process created the row meanwhile
            manager.filter(pk=1).update(**values)
