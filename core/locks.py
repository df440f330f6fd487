"""One lock order for everything that writes content: the content lock before the first statement, so
a reload and an editor's save wait for each other whole instead of deadlocking on PostgreSQL."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

CONTENT_LOCK = 0x5C0_10AD  # the advisory lock's key; any number no other code of the database uses
# How long a reload waits for a lock on PostgreSQL before it stops, changing nothing (SQLite's busy timeout is
# set in the settings): behind a stuck transaction it would wait on and on, holding off every editor queued after it.
RELOAD_LOCK_WAIT = "60s"


def advisory_lock(key, *, using=DEFAULT_DB_ALIAS, shared=False, wait=None):
    """On PostgreSQL, hold ``key`` (a number) till the transaction ends: whoever asks for it next waits,
    at most ``wait`` ("60s") if given, then the statement fails. SQLite needs no lock: its write
    transactions (``IMMEDIATE``) are one at a time already."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [wait])
            cursor.execute(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}(%s)", [key])


@contextmanager
def content_transaction(*, using=DEFAULT_DB_ALIAS, exclusive=False):
    """``exclusive`` for a reload, shared for editors' saves."""
    with transaction.atomic(using=using):
        advisory_lock(CONTENT_LOCK, using=using, shared=not exclusive, wait=exclusive and RELOAD_LOCK_WAIT)
        yield
