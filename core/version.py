"""The content version: one token that changes whenever content a reader could see changes.

It lives in the database (one row), so every worker and host agrees on it whatever the cache
backend; the page cache keys pages by it. Bumped for every :data:`core.changes.changed`, on commit.
"""

import secrets

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from core.changes import changed
from core.models import ContentVersion

INITIAL_VERSION = "0"  # of a database that has never had a change announced


def current():
    """(token, changed_at) of the content, with one query; (INITIAL_VERSION, None) before any change."""
    return ContentVersion.objects.filter(pk=1).values_list("token", "changed_at").first() or (INITIAL_VERSION, None)


def content_version():
    return current()[0]


def for_request(request):  # read once per request however many ask
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
    ContentVersion.objects.db_manager(using).update_or_create(pk=1, defaults=values)
