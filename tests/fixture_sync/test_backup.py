"""The backup of a file database, written while the reload holds the write lock."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file backup; pg_dump elsewhere")


def manage(database, backups, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "FIXTURE_BACKUP_DIR": str(backups),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def count(database, table):
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_reload_into_a_file_database_backs_it_up_as_it_was_and_finishes(tmp_path):
    database, backups = tmp_path / "site.sqlite3", tmp_path / "backups"
    assert manage(database, backups, "migrate", "--noinput").returncode == 0
    result = manage(database, backups, "reload_fixtures")
    assert result.returncode == 0, result.stderr
    (backup,) = backups.glob("before-reload-*.sqlite3")
    assert str(backup) in result.stdout
    assert count(backup, "facts_fact") == 0  # the database before the reload, restorable as it is
    assert count(database, "facts_fact") > 0
