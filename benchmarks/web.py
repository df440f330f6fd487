"""Requests per second of public pages under gunicorn, as ratios to a static file of the same size.

Usage: .venv/bin/python benchmarks/web.py [--factor 9] [--rounds 3] [--duration 5]
           [--workers 2] [--connections 8] [--pages home facts article search] [--database PATH]

The production stack on SQLite (DEBUG off, collected static files, the page cache on, a
local-memory cache in each worker, gunicorn configured by deploy/gunicorn.conf.py as
``make serve`` runs it) over the seed grown ``--factor`` times (10x by default: migrate,
reload_fixtures, grow_content), driven by wrk (Debian's ``wrk`` package). For the
home page, /facts/, an article and /search/?q=summit it measures three things, interleaved
over ``--rounds`` rounds: the page uncached (with a ``messages`` cookie, which the page
cache passes by: every request runs the view; a query string of its own would not do, the
cache keys pages by the parameters the view knows), the page repeated (answered from the
page cache), and
WhiteNoise serving a copy of the page's HTML, the same number of bytes, from STATIC_ROOT.
Prints requests per second, p50 and p99 latency (median and min-max of the rounds) and the
ratios. wrk sends no Accept-Encoding: pages and static copies go uncompressed alike.
"""

import argparse
import os
import platform
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"  # as `make serve` runs it
STATIC_COPIES = ROOT / "staticfiles" / "benchmark-web"  # STATIC_ROOT/…: what WhiteNoise serves
MODES = ("uncached", "cached", "static")


def environment(database, extra=None):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "FIXTURE_BACKUP_DIR": str(Path(database).parent / "backups"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        **(extra or {}),
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def build(database, factor, env):
    print(f"building the database: the seed and {factor}x more …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "reload_fixtures")
    if factor:
        manage(env, "grow_content", "--factor", str(factor), "--seed", "1")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "sco_site.wsgi",
                "--config",
                str(GUNICORN_CONFIG),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)

    def settle(self):
        """Wait until the workers have answered what a finished wrk run left queued."""
        quick = 0
        while quick < 3:
            start = time.monotonic()
            self.get("/healthz")
            quick = quick + 1 if time.monotonic() - start < 0.05 else 0
            time.sleep(0.05)

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def to_ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)


def wrk(url, *, duration, connections, header=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = {}
    for line in output.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(words[1])
        elif len(words) == 2 and words[0] in ("50%", "99%"):
            result["p" + words[0].rstrip("%")] = to_ms(words[1])
        elif "Non-2xx" in line:
            raise SystemExit(f"{url}: {line.strip()}")
    return result


def ratios(numerators, denominators):
    return [n / d if d else float("nan") for n, d in zip(numerators, denominators, strict=True)]


def spread(values, fmt="{:.0f}"):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=9, help="grow_content factor (9: ten times the seed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--pages", nargs="+", choices=("home", "facts", "article", "search"), help="only these pages")
    parser.add_argument("--database", help="an SQLite file built by an earlier run (kept); default: built afresh")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (Debian), brew install wrk (macOS)")

    workdir = Path(tempfile.mkdtemp(prefix="sco-benchmark-web-"))
    database = Path(options.database) if options.database else workdir / "db.sqlite3"
    env = environment(database)
    if not database.exists():
        build(database, options.factor, env)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    with sqlite3.connect(database) as db:
        (slug,) = db.execute(
            "SELECT slug FROM articles_article WHERE status = 'published' AND slug NOT LIKE 'synthetic-%' "
            "ORDER BY length(body) DESC LIMIT 1"
        ).fetchone()
        (articles,) = db.execute("SELECT count(*) FROM articles_article").fetchone()
    pages = {"home": "/", "facts": "/facts/", "article": f"/articles/{slug}/", "search": "/search/?q=summit"}
    if options.pages:
        pages = {name: path for name, path in pages.items() if name in options.pages}

    # The static copies must be in STATIC_ROOT before gunicorn starts: WhiteNoise scans it then.
    server = Gunicorn(env, options.workers)
    try:
        bodies = {name: server.get(path) for name, path in pages.items()}
    finally:
        server.stop()
    STATIC_COPIES.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        (STATIC_COPIES / f"{name}.html").write_bytes(body)

    results = {(name, mode): [] for name in pages for mode in MODES}
    server = Gunicorn(env, options.workers)
    try:
        for path in pages.values():  # warm: the cached runs measure hits
            server.get(path)
        for round_ in range(options.rounds):
            print(f"round {round_ + 1} of {options.rounds} …", flush=True)
            for name, path in pages.items():
                urls = {
                    "uncached": (server.base + path, "Cookie: messages=benchmark"),
                    "cached": (server.base + path, None),
                    "static": (f"{server.base}/static/benchmark-web/{name}.html", None),
                }
                for mode in MODES:
                    url, header = urls[mode]
                    results[name, mode].append(
                        wrk(url, duration=options.duration, connections=options.connections, header=header)
                    )
                    server.settle()
    finally:
        server.stop()
        shutil.rmtree(STATIC_COPIES, ignore_errors=True)
        if not options.database:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(
        f"gunicorn {options.workers} workers, wrk 2 threads {options.connections} connections "
        f"{options.duration} s x {options.rounds} interleaved rounds; {articles} articles "
        f"(factor {options.factor}); {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
    )
    print("median (min–max) of the rounds; ratios per round, then their median (min–max)")
    for name, path in pages.items():
        print(f"\n{path}  ({len(bodies[name]):,} bytes)")
        for mode in MODES:
            runs = results[name, mode]
            print(
                f"  {mode:9} {spread([r['rps'] for r in runs]):>22} req/s"
                f"   p50 {spread([r['p50'] for r in runs], '{:.2f}'):>22} ms"
                f"   p99 {spread([r['p99'] for r in runs], '{:.2f}'):>22} ms"
            )
        static = [r["rps"] for r in results[name, "static"]]
        uncached = [r["rps"] for r in results[name, "uncached"]]
        cached = [r["rps"] for r in results[name, "cached"]]
        fmt = "{:.2f}"
        print(f"  uncached / static: {spread(ratios(uncached, static), fmt)}")
        print(f"  cached / static:   {spread(ratios(cached, static), fmt)}")
        print(f"  cached / uncached: {spread(ratios(cached, uncached), fmt)}")


if __name__ == "__main__":
    main()
