"""Copy the database aside as it was before a reload changed it.

Written just before the reload commits, through a connection of its own that sees only
what is committed (SQLite in WAL mode, PostgreSQL): a refused reload leaves no backup."""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from shutil import which

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


class Backup:
    """The backup of one reload: made before its first write, written just before it commits."""

    def __init__(self, *, using=DEFAULT_DB_ALIAS, directory=None):
        self.using, self.directory = using, directory
        connection = connections[using]
        self.snapshot = None
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            # An in-memory database (the test database) has no other reader: copy it now.
            connection.ensure_connection()
            self.snapshot = connection.connection.serialize()

    def write(self):
        """Write the backup; the path written, or a sentence saying why there is none."""
        directory = Path(self.directory or settings.FIXTURE_BACKUP_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"before-reload-{timezone.now():%Y%m%dT%H%M%S%f}"
        connection = connections[self.using]
        if self.snapshot is not None:
            target.with_suffix(".sqlite3").write_bytes(self.snapshot)
            return str(target.with_suffix(".sqlite3"))
        if connection.vendor == "sqlite":
            return str(sqlite_backup(connection, target.with_suffix(".sqlite3")))
        if connection.vendor == "postgresql" and which("pg_dump"):
            return str(pg_dump(connection, target.with_suffix(".sql")))
        return f"no backup: no backup tool for {connection.vendor}"


def sqlite_backup(connection, target):
    # Read through a connection of its own: the reload's connection holds the write
    # lock (the backup API would wait on it forever), and a second reader sees the
    # database as last committed, which is what the backup is for.
    name, timeout = connection.settings_dict["NAME"], connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    with closing(sqlite3.connect(name, timeout=timeout)) as source, closing(sqlite3.connect(target)) as destination:
        source.backup(destination)
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
