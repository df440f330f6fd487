"""Time reload_fixtures against loaddata on the same content, at N times the seed.

Usage: .venv/bin/python benchmarks/reload_vs_loaddata.py
           [--factors 100 1000] [--databases sqlite postgres] [--runs 3]

For each database and factor the content is built once: the seed reloaded into a fresh
database, grow_content adding (factor - 1) times its volume, then export_fixtures
--include-synthetic (reload_fixtures' input) and dumpdata with natural keys (loaddata's).
Then, ``--runs`` times and interleaved: loaddata into a fresh migrated database,
reload_fixtures into another, and reload_fixtures again on that one (no change). Each is
a process of its own, timed alone (migrating is setup: fresh databases are copies of a
migrated template); peak memory is that process's maxrss (on PostgreSQL the server's
memory is not counted). loaddata neither validates nor updates the search index;
reload_fixtures does both. Prints medians and min–max spreads, as ratios to loaddata of
the same round, beside the targets. PostgreSQL: BENCHMARK_POSTGRES_URL (a database to
connect to for creating and dropping the benchmark's own), default the local server.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# What the fixtures hold, not the search index or the engine's records.
CONTENT_APPS = ["core", "articles", "countries", "events", "people", "facts"]
STEPS = ("loaddata", "reload, empty", "reload, no change")
# Targets as ratios to loaddata: (database, factor or None for any) -> {(step, measure): ratio}.
TARGETS = {
    ("sqlite", 100): {
        ("reload, empty", "time"): 1 / 8,
        ("reload, no change", "time"): 1 / 20,
        ("reload, empty", "peak"): 1,
        ("reload, no change", "peak"): 1,
    },
    ("sqlite", 1000): {("reload, empty", "peak"): 0.5, ("reload, no change", "peak"): 0.5},
    ("postgres", None): {("reload, empty", "time"): 1 / 4, ("reload, no change", "time"): 1 / 20},
}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


class SQLite:
    name = "sqlite"

    def __init__(self, workdir):
        self.workdir = workdir

    def url(self, name):
        return f"sqlite:///{self.workdir / name}.sqlite3"

    def create(self, name):
        """Nothing: SQLite creates the file on first use."""

    def copy(self, template, name):
        for suffix in ("", "-wal"):
            if (self.workdir / f"{template}.sqlite3{suffix}").exists():
                shutil.copy(self.workdir / f"{template}.sqlite3{suffix}", self.workdir / f"{name}.sqlite3{suffix}")

    def drop(self, name):
        for suffix in ("", "-wal", "-shm"):
            (self.workdir / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)

    def close(self):
        """Nothing: the files go with the temporary directory."""


class PostgreSQL:
    name = "postgres"

    def __init__(self, workdir):
        self.prefix = f"sco_bench_{os.getpid()}_"
        self.created = set()

    def url(self, name):
        return POSTGRES_URL.rsplit("/", 1)[0] + f"/{self.prefix}{name}"

    def _admin(self, sql):
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(sql)

    def create(self, name, template=None):
        self._admin(
            f'CREATE DATABASE "{self.prefix}{name}"' + (f' TEMPLATE "{self.prefix}{template}"' if template else "")
        )
        self.created.add(name)

    def copy(self, template, name):
        self.create(name, template)

    def drop(self, name):
        self._admin(f'DROP DATABASE IF EXISTS "{self.prefix}{name}"')
        self.created.discard(name)

    def close(self):
        for name in sorted(self.created, key=lambda name: name == "template"):  # the template last
            self.drop(name)


def manage(url, workdir, *args):
    """Run one manage.py command in a process of its own; its wall time and peak memory."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FIXTURE_BACKUP_DIR": str(workdir / "backups"),
        "DEBUG": "false",  # production settings: no query log growing with the rows
        "SECRET_KEY": "benchmark-only-" + "7c1e5a9f3b2d8064" * 4,  # production settings want a long key
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://localhost",
        # Modules compiled once, as on a server, not again by every process timed.
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(ROOT / ".cache" / "pycache"),
    }
    log = workdir / "command.log"
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    output = log.read_text()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"manage.py {' '.join(args)} failed:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def build(db, factor, workdir):
    """Migrate the template, grow the content once, write it for both loaders; the object count."""
    db.create("template")
    manage(db.url("template"), workdir, "migrate", "--noinput")
    db.copy("template", "source")
    source = db.url("source")
    manage(source, workdir, "reload_fixtures")
    if factor > 1:
        manage(source, workdir, "grow_content", "--factor", str(factor - 1), "--seed", "1")
    shutil.rmtree(workdir / "fixtures", ignore_errors=True)
    manage(source, workdir, "export_fixtures", "--include-synthetic", "--output", str(workdir / "fixtures"))
    dump = str(workdir / "dump.json")
    manage(source, workdir, "dumpdata", *CONTENT_APPS, "--natural-foreign", "--natural-primary", "--output", dump)
    db.drop("source")
    return Path(dump).read_bytes().count(b'"model":')


def measure(db, workdir, runs):
    """``runs`` rounds of loaddata, reload into an empty database, reload with no change."""
    rounds = []
    for number in range(runs):
        loaded, reloaded = f"loaddata{number}", f"reload{number}"
        db.copy("template", loaded)
        db.copy("template", reloaded)
        reload = ("reload_fixtures", "--fixtures-dir", str(workdir / "fixtures"))
        results = {
            "loaddata": manage(db.url(loaded), workdir, "loaddata", str(workdir / "dump.json")),
            "reload, empty": manage(db.url(reloaded), workdir, *reload),
            "reload, no change": manage(db.url(reloaded), workdir, *reload),
        }
        if "0 change" not in results["reload, no change"].output:
            print(f"warning: the second reload changed something:\n{results['reload, no change'].output}")
        db.drop(loaded)
        db.drop(reloaded)
        rounds.append(results)
        print(f"  round {number + 1}: " + ", ".join(f"{step} {run.seconds:.1f} s" for step, run in results.items()))
    return rounds


def spread(values, digits=2):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def target_for(database, factor, step, what):
    for key in ((database, factor), (database, None)):
        if (step, what) in TARGETS.get(key, {}):
            return TARGETS[key][(step, what)]
    return None


def cells(database, factor, rounds, step, what):
    """The absolute value, its ratio to loaddata of the same round and the target, as text."""
    attribute = "seconds" if what == "time" else "peak_mb"
    values = [getattr(r[step], attribute) for r in rounds]
    absolute = spread(values, digits=1 if what == "time" else 0)
    if step == "loaddata":
        return [absolute, "1", ""]
    ratios = [value / getattr(r["loaddata"], attribute) for value, r in zip(values, rounds, strict=True)]
    target = target_for(database, factor, step, what)
    if target is None:
        return [absolute, spread(ratios), ""]
    return [absolute, spread(ratios), f"≤ {target:.3g} {'met' if statistics.median(ratios) <= target else 'MISSED'}"]


def print_table(results, runs):
    widths = [19, 21, 19, 16, 15, 19, 12]
    header = ["", "time s", "÷ loaddata", "target", "peak MB", "÷ loaddata", "target"]
    for (database, factor, objects), rounds in results.items():
        print(f"\n{database}, {factor}× the seed ({objects} objects): median (min–max) of {runs} interleaved runs")
        print("".join(f"{text:<{width}}" for text, width in zip(header, widths, strict=True)))
        for step in STEPS:
            row = [
                step,
                *cells(database, factor, rounds, step, "time"),
                *cells(database, factor, rounds, step, "peak"),
            ]
            print("".join(f"{text:<{width}}" for text, width in zip(row, widths, strict=True)).rstrip())


def describe_machine():
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    version = (commit.stdout.strip() or "unknown") + (" with uncommitted changes" if dirty.strip() else "")
    print(f"code: {version}")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[100, 1000], help="Sizes, as multiples of the seed.")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=3, help="Interleaved rounds per database and size.")
    options = parser.parse_args()
    started = time.perf_counter()
    describe_machine()
    results = {}
    for database in options.databases:
        for factor in options.factors:
            with tempfile.TemporaryDirectory(prefix="sco-bench-") as tmp:
                workdir = Path(tmp)
                db = {"sqlite": SQLite, "postgres": PostgreSQL}[database](workdir)
                try:
                    print(f"{database}, {factor}× the seed: building…", flush=True)
                    objects = build(db, factor, workdir)
                    results[(database, factor, objects)] = measure(db, workdir, options.runs)
                finally:
                    db.close()
    print_table(results, options.runs)
    print(f"\nbenchmark wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
