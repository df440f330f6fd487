"""Copy the database aside before a reload changes it."""

import os
import sqlite3
import subprocess
from pathlib import Path
from shutil import which

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


def write_backup(*, using=DEFAULT_DB_ALIAS, directory=None):
    """Back up the database; return the path written, or a sentence saying why there is none."""
    directory = Path(directory or settings.FIXTURE_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    connection = connections[using]
    if connection.vendor == "sqlite":
        return sqlite_backup(connection, directory / f"before-reload-{stamp}.sqlite3")
    if connection.vendor == "postgresql" and which("pg_dump"):
        return pg_dump(connection, directory / f"before-reload-{stamp}.sql")
    return f"no backup: no backup tool for {connection.vendor}"


def sqlite_backup(connection, target):
    connection.ensure_connection()
    if connection.is_in_memory_db():
        # A shared-cache in-memory database (the test database) cannot be read by
        # the backup API while its own connection holds the write lock.
        target.write_bytes(connection.connection.serialize())
        return target
    # Read through a connection of its own: the reload's connection already holds the
    # write lock (the backup API would wait on it forever), and a second reader sees the
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
