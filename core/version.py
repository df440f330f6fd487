"""The content version: one token that changes whenever content a reader could see changes.

The database is the source of truth (one row, one indexed query to read), so every worker
and host agrees on it whatever the cache backend; the page cache keys pages by it, so an
edit is visible on the very next request. :mod:`core.changes` bumps it for every announced
change, once the transaction commits.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import ContentVersion

#: The version of a database that has never had a change announced.
INITIAL_VERSION = "0"


def current():
    """(token, changed_at) of the content, with one query; (INITIAL_VERSION, None) before any change."""
    row = ContentVersion.objects.filter(pk=1).values_list("token", "changed_at").first()
    return row or (INITIAL_VERSION, None)


def content_version():
    """A short string that changes whenever content changes (one query)."""
    return current()[0]


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
