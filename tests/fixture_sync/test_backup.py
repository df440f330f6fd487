"""The backup of a real database (a file, or a PostgreSQL database of its own), written by
another connection just before the reload commits: the database as it was, not half-written."""

import os
import sqlite3

import pytest
from django.db import connection

from tests.helpers import manage_py

pytestmark = pytest.mark.slow  # other processes or servers: make test-all


def manage(database, backups, *args):
    url = database if str(database).startswith("postgres://") else f"sqlite:///{database}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DATABASE_URL": url,
        "FIXTURE_BACKUP_DIR": str(backups),
    }
    return manage_py(env, *args, timeout=120)


def count(database, table):
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file backup; pg_dump below")
def test_a_reload_into_a_file_database_backs_it_up_as_it_was_and_finishes(tmp_path):
    database, backups = tmp_path / "site.sqlite3", tmp_path / "backups"
    assert manage(database, backups, "migrate", "--noinput").returncode == 0
    result = manage(database, backups, "reload_fixtures")
    assert result.returncode == 0, result.stderr
    (backup,) = backups.glob("before-reload-*.sqlite3")
    assert str(backup) in result.stdout
    assert count(backup, "facts_fact") == 0  # the database before the reload, restorable as it is
    assert count(database, "facts_fact") > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump of a PostgreSQL database")
def test_a_reload_into_postgresql_dumps_it_as_it_was_and_finishes(postgres_database, tmp_path):
    backups = tmp_path / "backups"
    assert manage(postgres_database, backups, "migrate", "--noinput").returncode == 0
    result = manage(postgres_database, backups, "reload_fixtures")
    assert result.returncode == 0, result.stderr
    (backup,) = backups.glob("before-reload-*.sql")
    assert str(backup) in result.stdout
    dump = backup.read_text(encoding="utf-8")
    rows = dump.split("COPY public.facts_fact ", 1)[1].split("\\.", 1)[0]
    assert rows.count("\n") == 1  # the COPY line alone: no fact yet, as before the reload
    assert "an initiative adopted at the SCO Astana Summit" not in dump
