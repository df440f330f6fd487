"""Copy the database aside as it was before a reload changed it: written just before the reload commits,
through a connection of its own that sees only what is committed, under a temporary name, checked, flushed
to disk and only then renamed, so a file under a backup's name is whole."""

import os
import sqlite3
import subprocess
from contextlib import closing, suppress
from pathlib import Path
from shutil import which

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

PREFIX = "before-reload-"
SQLITE_HEADER = b"SQLite format 3\0"
DUMP_HEADER, DUMP_END = b"--\n-- PostgreSQL database dump\n", b"-- PostgreSQL database dump complete"


class BackupError(Exception):
    """No backup could be written: the reload writes nothing."""


class Backup:
    def __init__(self, *, using=DEFAULT_DB_ALIAS):
        self.using, self.path, self.snapshot = using, None, None
        self.directory = Path(settings.FIXTURE_BACKUP_DIR)
        connection = connections[using]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            # An in-memory database (the test database) has no other reader: copy it now.
            connection.ensure_connection()
            self.snapshot = connection.connection.serialize()

    def write(self):
        """The backup's path; BackupError, leaving no file, if it cannot be written."""
        connection = connections[self.using]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise BackupError(f"no backup tool for {connection.vendor}")
        suffix = ".sql" if connection.vendor == "postgresql" else ".sqlite3"
        target = self.directory / f"{PREFIX}{timezone.now():%Y%m%dT%H%M%S%f}{suffix}"
        partial = target.with_name(f".{target.name}.partial")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.snapshot is not None:
                partial.write_bytes(self.snapshot)
            elif connection.vendor == "sqlite":
                sqlite_backup(connection, partial)
            else:
                pg_dump(connection, partial)
            check(partial, dump=connection.vendor == "postgresql")
            fsync(partial)
            partial.rename(target)
            fsync(self.directory)  # the rename itself
        except (OSError, sqlite3.Error) as error:
            raise BackupError(f"{type(error).__name__}: {error}") from error
        finally:
            with suppress(OSError):  # gone, renamed, or never made
                partial.unlink()
        self.path = target
        return target

    def discard(self):  # the reload it was for did not commit
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def prune(self, keep):
        """Delete all but the newest ``keep`` backups (0: keep all), their names sorting by time, and the
        temporary files of backups begun before this one (their reload was killed)."""
        old = sorted(self.directory.glob(f"{PREFIX}*"))[:-keep] if keep > 0 else []
        stale = [path for path in self.directory.glob(f".{PREFIX}*.partial") if path.name < f".{self.path.name}"]
        for path in old + stale:
            path.unlink(missing_ok=True)


def sqlite_backup(connection, target):
    # Read through a connection of its own: the reload's connection holds the write
    # lock (the backup API would wait on it forever), and a second reader sees the
    # database as last committed, which is what the backup is for.
    name, timeout = connection.settings_dict["NAME"], connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)
    with closing(sqlite3.connect(name, timeout=timeout)) as source, closing(sqlite3.connect(target)) as destination:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one file, readable without its -wal and -shm


def pg_dump(connection, target):
    if not which("pg_dump"):
        raise BackupError("pg_dump is not installed (the postgresql-client package)")
    # The connection's arguments and environment as dbshell gives them to psql, which pg_dump shares.
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, ["--no-owner", "-f", str(target)])
    env = env and {**os.environ, **env}
    result = subprocess.run(["pg_dump", *args[1:]], capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"
        raise BackupError(f"pg_dump failed: {reason}")


def check(path, *, dump):
    """BackupError unless ``path`` is whole: a ``dump`` with pg_dump's header and closing line, or a file
    with SQLite's header that passes ``quick_check``."""
    with open(path, "rb") as file:
        head = file.read(len(DUMP_HEADER))
        file.seek(max(0, (size := path.stat().st_size) - 200))
        tail = file.read()
    if dump:
        if not (head.startswith(DUMP_HEADER) and DUMP_END in tail):
            raise BackupError(f"pg_dump wrote an incomplete dump ({size} bytes)")
    elif not head.startswith(SQLITE_HEADER):
        raise BackupError(f"the copy is not an SQLite database ({size} bytes)")
    else:
        with closing(sqlite3.connect(path)) as copy:
            result = copy.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"the copy is damaged: {result}")


def fsync(path):  # a file, or a directory (for a rename in it)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
