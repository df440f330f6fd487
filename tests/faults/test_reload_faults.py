"""A reload commits nothing unless everything before it succeeded: with its backup directory full,
or its database's disk full, it exits non-zero with a message and the database is as it was. And a
reload racing an editor's save on PostgreSQL never deadlocks: one of them waits, the loser is told.

Each reload runs as ``manage.py reload_fixtures`` in a process of its own, on a database of the
test's own: a SQLite file, or a PostgreSQL database (in a tablespace on a small disk when that
disk is to fill up)."""

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager

import lxml.html
import pytest
import requests
from django.conf import settings

from tests.conftest import POSTGRES_SERVER
from tests.faults.conftest import Gunicorn, fill, site_environment
from tests.fixture_sync.helpers import copy_seed, edit_json
from tests.helpers import manage_py, unreachable

psycopg = pytest.importorskip("psycopg")

VENDORS = ("sqlite", "postgresql")
REVISED = " (revised)"


@pytest.fixture
def revised_fixtures(tmp_path):
    """The seed with every fact's statement edited: a reload with real work to do."""
    fixtures = copy_seed(tmp_path)

    def revise(entries):
        for entry in entries:
            entry["fields"]["statement"] += REVISED

    edit_json(fixtures / "facts.fact.json", revise)
    return fixtures


def admin_connection():
    try:
        return psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True)
    except psycopg.OperationalError as error:
        unreachable(f"PostgreSQL does not answer at {POSTGRES_SERVER}: {error}")


@contextmanager
def database(vendor, directory, *, tablespace=False):
    """The URL of a new database: a SQLite file in ``directory``, or a PostgreSQL database, with
    ``tablespace`` in a tablespace there (owned by the server's user); dropped afterwards."""
    if vendor == "sqlite":
        yield f"sqlite:///{directory / 'site.sqlite3'}"
        return
    name = f"sco_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin_connection() as admin:
        if tablespace:
            location = directory / "tablespace"
            location.mkdir()
            shutil.chown(location, "postgres", "postgres")
            admin.execute(f"CREATE TABLESPACE {name} LOCATION '{location}'")
        admin.execute(f"CREATE DATABASE {name}" + (f" TABLESPACE {name}" if tablespace else ""))
    try:
        yield POSTGRES_SERVER + name
    finally:
        with admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            if tablespace:
                admin.execute(f"DROP TABLESPACE IF EXISTS {name}")


def rows(url):
    """Every row of every table, to compare the database before and after."""
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}
    with psycopg.connect(url) as db:
        tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for (table,) in tables}


def statements(url):
    """The facts' statements, by slug."""
    query = "SELECT slug, statement FROM facts_fact"
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            return dict(db.execute(query).fetchall())
    with psycopg.connect(url) as db:
        return dict(db.execute(query).fetchall())


def loaded_site(tmp_path, url, backups, **extra):
    """The environment of a site on ``url``, migrated and with the seed loaded."""
    env = site_environment(tmp_path, url, FIXTURE_BACKUP_DIR=backups, **extra)
    for args in (("migrate", "--noinput"), ("reload_fixtures", "--no-backup")):
        result = manage_py(env, *args)
        assert result.returncode == 0, result.stderr
    return env


def assert_refused_without_traceback(result, *fragments):
    print(f"exit {result.returncode}: {result.stderr.strip()}")
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def no_space(result):
    return "No space left on device" in result.stderr or "database or disk is full" in result.stderr


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_full_backup_directory_stops_the_reload_and_nothing_changes(vendor, tmp_path, small_disk, revised_fixtures):
    backups = small_disk(2, "backups")
    with database(vendor, tmp_path) as url:
        env = loaded_site(tmp_path, url, backups)
        filler = fill(backups)
        before, listing = rows(url), sorted(backups.iterdir())

        result = manage_py(env, "reload_fixtures", "--fixtures-dir", str(revised_fixtures))
        assert_refused_without_traceback(result, "No backup could be written, so nothing was changed", "--no-backup")
        assert no_space(result), result.stderr
        assert sorted(backups.iterdir()) == listing  # nothing half-written, not even an empty file
        assert rows(url) == before

        filler.unlink()  # room again: the same reload goes through, and its backup is whole
        result = manage_py(env, "reload_fixtures", "--fixtures-dir", str(revised_fixtures))
        assert result.returncode == 0, result.stderr
        (backup,) = backups.glob("before-reload-*")
        assert str(backup) in result.stdout
        assert all(statement.endswith(REVISED) for statement in statements(url).values())


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_full_database_disk_fails_the_reload_with_a_message_and_nothing_changes(
    vendor, tmp_path, small_disk, revised_fixtures
):
    disk = small_disk(8 if vendor == "sqlite" else 48, "database", shared=True)
    with database(vendor, disk, tablespace=True) as url:
        env = loaded_site(tmp_path, url, tmp_path / "backups")
        before = rows(url)
        # SQLite keeps a little room for the shared memory of its write-ahead log, made at connection.
        filler = fill(disk, leave_bytes=64 * 1024 if vendor == "sqlite" else 0)
        try:
            result = manage_py(env, "reload_fixtures", "--fixtures-dir", str(revised_fixtures))
        finally:
            filler.unlink()
        assert_refused_without_traceback(result, "The database refused the reload, so nothing was changed")
        assert no_space(result), result.stderr
        assert rows(url) == before
        assert not any((tmp_path / "backups").glob("before-reload-*"))  # the backup of a reload rolled back
        if vendor == "sqlite":
            assert not (disk / "site.sqlite3-wal").exists()  # its space given back

        result = manage_py(env, "reload_fixtures", "--fixtures-dir", str(revised_fixtures))
        assert result.returncode == 0, result.stderr
        assert all(statement.endswith(REVISED) for statement in statements(url).values())


ROUNDS = 10
FACT = "astana-initiative-solidarity-global-justice"
STALE = "Someone else saved this fact"
EDITED = "edited in the admin since the last reload"


def log_in(url, username, password):
    session = requests.Session()
    page = session.get(f"{url}/admin/login/", timeout=30)
    token = lxml.html.fromstring(page.text).forms[0].fields["csrfmiddlewaretoken"]
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    answer = session.post(f"{url}/admin/login/?next=/admin/", data=form, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text
    return session


def wait_for_the_reload_inside_its_transaction(monitor, name, reload):
    """Until the reload holds its lock on the synced tables: its transaction has begun, not ended."""
    query = (
        "SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = pg_locks.database"
        " WHERE locktype = 'relation' AND granted AND mode = 'ShareRowExclusiveLock' AND datname = %s"
    )
    deadline = time.monotonic() + 60
    while reload.poll() is None and time.monotonic() < deadline:
        if monitor.execute(query, [name]).fetchone()[0]:
            return True
        time.sleep(0.005)
    return False


def test_a_reload_racing_an_editors_save_never_deadlocks_and_the_loser_is_told(tmp_path, postgres_database):
    url, name = postgres_database, postgres_database.rsplit("/", 1)[1]
    env = loaded_site(tmp_path, url, tmp_path / "backups", DEBUG="true")  # static files without collectstatic
    password = secrets.token_urlsafe(16)
    superuser = ("createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org")
    assert manage_py({**env, "DJANGO_SUPERUSER_PASSWORD": password}, *superuser).returncode == 0
    with psycopg.connect(url, autocommit=True) as monitor:
        (pk,) = monitor.execute("SELECT id FROM facts_fact WHERE slug = %s", [FACT]).fetchone()
        server = Gunicorn(env)
        server.start()
        try:
            session = log_in(server.url, "editor", password)
            change = f"{server.url}/admin/facts/fact/{pk}/change/"
            counts = dict.fromkeys(("overlapped", "deadlocks", "errors", "editor told", "reload told", "unclear"), 0)
            for round_ in range(1, ROUNDS + 1):
                fixtures = copy_seed(tmp_path / f"round-{round_}")
                ours = f"Round {round_}: the fixtures' words."
                edit_json(
                    fixtures / "facts.fact.json",
                    lambda entries, ours=ours: entries[0]["fields"].update(statement=ours),
                )
                form = lxml.html.fromstring(session.get(change, timeout=30).text).get_element_by_id("fact_form")
                data = [(key, value) for key, value in form.form_values() if key != "statement"]
                theirs = f"Round {round_}: the editor's words."
                data.append(("statement", theirs))

                reload = subprocess.Popen(
                    [sys.executable, "manage.py", "reload_fixtures", "--fixtures-dir", str(fixtures)],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                counts["overlapped"] += wait_for_the_reload_inside_its_transaction(monitor, name, reload)
                time.sleep((round_ % 5) * 0.04)  # at different points of the reload's work
                response = session.post(change, data=data, headers={"Referer": change}, allow_redirects=False)
                out, err = reload.communicate(timeout=120)
                stored = monitor.execute("SELECT statement FROM facts_fact WHERE id = %s", [pk]).fetchone()[0]

                if "deadlock" in (err + response.text).lower():
                    counts["deadlocks"] += 1
                elif response.status_code >= 500:
                    counts["errors"] += 1
                elif response.status_code == 200 and STALE in response.text and reload.returncode == 0:
                    counts["editor told"] += 1
                    assert stored == ours
                elif response.status_code == 302 and reload.returncode != 0 and EDITED in err:
                    counts["reload told"] += 1
                    assert stored == theirs and "Traceback" not in err
                    force = ("reload_fixtures", "--force", "--no-backup", "--fixtures-dir", str(fixtures))
                    assert manage_py(env, *force).returncode == 0  # the next round starts from the fixtures
                else:
                    counts["unclear"] += 1
                    print(f"round {round_}: HTTP {response.status_code}, reload exit {reload.returncode}: {err}")
        finally:
            log = server.stop()
    print(
        f"reload vs. an editor's save, {ROUNDS} rounds on PostgreSQL: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    assert counts["deadlocks"] == counts["errors"] == counts["unclear"] == 0
    assert counts["editor told"] + counts["reload told"] == ROUNDS
    assert counts["overlapped"] == ROUNDS  # each editor's save was sent while the reload was inside its transaction
    assert "deadlock" not in log.lower() and "Traceback" not in log
