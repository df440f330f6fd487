"""Time reload_fixtures against loaddata on the same content, at N times the seed.

Usage: .venv/bin/python benchmarks/reload_vs_loaddata.py [--factor 100]

Builds the content once (seed + synthetic content from grow_content), writes it as
fixtures, then loads it into fresh SQLite databases: with reload_fixtures (validated,
atomic, conflict-checked), again with reload_fixtures (the idempotent no-op), and with
Django's loaddata (no validation). Prints seconds and ratios.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(database, *args, quiet=True):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FIXTURE_BACKUP_DIR": str(database.parent)}
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout


def fresh(workdir, name):
    database = workdir / f"{name}.sqlite3"
    manage(database, "migrate", "--noinput")
    return database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100, help="Total size as a multiple of the seed.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sco-bench-") as tmp:
        workdir = Path(tmp)
        source = fresh(workdir, "source")
        manage(source, "reload_fixtures")
        if options.factor > 1:
            manage(source, "grow_content", "--factor", str(options.factor - 1), "--seed", "1")
        fixtures = workdir / "fixtures"
        manage(source, "export_fixtures", "--include-synthetic", "--output", str(fixtures))
        _, dumped = manage(
            source,
            "dumpdata",
            "core.topic",
            "articles",
            "countries",
            "events",
            "facts",
            "--natural-foreign",
            "--natural-primary",
        )
        dump_file = workdir / "dump.json"
        dump_file.write_text(dumped, encoding="utf-8")
        objects = dumped.count('"model":')

        target = fresh(workdir, "reload")
        reload_first, output = manage(target, "reload_fixtures", "--fixtures-dir", str(fixtures))
        reload_again, again = manage(target, "reload_fixtures", "--fixtures-dir", str(fixtures))
        assert "0 changes" in again, again
        loaddata, _ = manage(fresh(workdir, "loaddata"), "loaddata", str(dump_file))

        print(f"content: {options.factor}x the seed, {objects} objects")
        print("\n".join(line for line in output.splitlines() if ": " in line and "created" in line))
        print(f"loaddata (no validation)         {loaddata:8.2f} s   1.00x")
        print(f"reload_fixtures, empty database  {reload_first:8.2f} s   {reload_first / loaddata:5.2f}x loaddata")
        print(f"reload_fixtures, second run      {reload_again:8.2f} s   {reload_again / loaddata:5.2f}x loaddata")


if __name__ == "__main__":
    main()
