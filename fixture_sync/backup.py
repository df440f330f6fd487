"""Copy the database aside as it was before a reload changed it.

A reload writes its backup once everything has been validated and written, just
before it commits: a connection of its own still sees the database as it was (SQLite
in WAL mode and PostgreSQL both show a reader only what is committed), so a refused
reload leaves no backup behind and a backup is never of a half-written database.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from shutil import which

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


class Backup:
    """The backup of one reload: :meth:`prepare` before its first write, :meth:`write` before it commits."""

    def __init__(self, *, using=DEFAULT_DB_ALIAS, directory=None):
        self.using, self.directory = using, directory
        self.snapshot = None

    def prepare(self):
        """An in-memory database (the test database) has no other reader: copy it now, in memory."""
        connection = connections[self.using]
        if self.snapshot is None and connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.ensure_connection()
            self.snapshot = connection.connection.serialize()

    def write(self):
        """Write the backup; the path written, or a sentence saying why there is none."""
        return str(write_backup(using=self.using, directory=self.directory, snapshot=self.snapshot))


def write_backup(*, using=DEFAULT_DB_ALIAS, directory=None, snapshot=None):
    """Back up the database; return the path written, or a sentence saying why there is none."""
    directory = Path(directory or settings.FIXTURE_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    connection = connections[using]
    if connection.vendor == "sqlite":
        return sqlite_backup(connection, directory / f"before-reload-{stamp}.sqlite3", snapshot)
    if connection.vendor == "postgresql" and which("pg_dump"):
        return pg_dump(connection, directory / f"before-reload-{stamp}.sql")
    return f"no backup: no backup tool for {connection.vendor}"


def sqlite_backup(connection, target, snapshot=None):
    connection.ensure_connection()
    if connection.is_in_memory_db():
        # A shared-cache in-memory database (the test database) cannot be read by
        # the backup API while its own connection holds the write lock.
        target.write_bytes(snapshot if snapshot is not None else connection.connection.serialize())
        return target
    # Read through a connection of its own: the reload's connection holds the write
    # lock (the backup API would wait on it forever), and a second reader sees the
    # database as last committed, which is what the backup is for.
    source = sqlite3.connect(
        connection.settings_dict["NAME"], timeout=connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    )
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return target


def pg_dump(connection, target):
    params = connection.get_connection_params()
    command = ["pg_dump", "--no-owner", "--file", str(target), "--dbname", params.get("dbname") or ""]
    for flag, name in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(name):
            command += [flag, str(params[name])]
    env = {**os.environ, "PGPASSWORD": params["password"]} if params.get("password") else None
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode == 0:
        return target
    reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode
    return f"no backup: pg_dump failed ({reason})"
