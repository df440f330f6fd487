"""Time the public pages the page cache does not hold, and the admin fact changelist, at N times the seed.

Usage: .venv/bin/python benchmarks/list_sizes.py [--factors 1 10 100 1000] [--runs 7] [--rounds 3]
           [--databases sqlite postgres] [--keep DIR] [--compare TREE]

For each database and factor the content is built once in a fresh database: migrate,
reload_fixtures, then grow_content --factor N-1 (1000× takes a few minutes; ``--keep``
keeps the SQLite files in DIR and reuses them next time). Each size is then measured in
a process of its own, in-process through Django's test client with DEBUG off and the page
cache off, for ``/facts/``, ``/articles/``, the last page of ``/facts/``, the most cited
fact, the admin fact changelist (as a superuser) and ``/search/?q=summit``: the median of
``--runs`` requests *cold* (the cache emptied before each: nothing derived is kept) and
*warm* (after one warm-up request: only what the views cache for the content version
helps), and the size of the HTML. The sizes are measured in turn, ``--rounds`` times (a
machine that slows down for a while then slows every size of a round alike); prints the
medians of the rounds, and each size's ratio to the smallest factor as the median (min–max)
of the rounds' ratios, beside the targets.

``--compare TREE`` measures another checkout of the project (an earlier commit, say) on
the same databases, alternating with this one ``--runs`` times, and prints both medians.
PostgreSQL: BENCHMARK_POSTGRES_URL (a database to connect to for creating and dropping the
benchmark's own), default the local server.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PAGES = ("/facts/", "/articles/", "/facts/ last page", "a fact", "admin facts", "/search/?q=summit")
# Targets: page -> (most time, most HTML) as ratios to the smallest factor measured.
TARGETS = {
    "/facts/": (2, 1.5),
    "/articles/": (2, 1.5),
    "a fact": (2, 1.5),
    "admin facts": (2, 1.5),
    "/search/?q=summit": (2, None),  # read between 100× and 1000× (10k and 100k entries)
}


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-" + "x1y2z3" * 10,
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_SECONDS": "0",  # measure the views, not the page cache in front of them
    }


def manage(database_url, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(database_url), check=True)


def build(database_url, factor):
    manage(database_url, "migrate", "-v0")
    manage(database_url, "reload_fixtures", "-v0")
    if factor > 1:
        manage(database_url, "grow_content", "--factor", str(factor - 1), "--seed", "1")


def sqlite_url(factor, keep):
    Path(keep).mkdir(parents=True, exist_ok=True)
    path = Path(keep) / f"list-sizes-{factor}x.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"building {factor}× on SQLite in {path} …", flush=True)
        build(url, factor)
    return url


def postgres_url(factor):
    import psycopg

    name = f"list_sizes_{factor}x"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    print(f"building {factor}× on PostgreSQL in {name} …", flush=True)
    build(url, factor)
    return url


def measure(database_url, runs, root=ROOT):
    """Run in a child process, with the code of ``root``: each page's medians and HTML size, as JSON."""
    result = subprocess.run(
        [PYTHON, __file__, "--measure", database_url, "--runs", str(runs), "--root", str(root)],
        cwd=root,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_here(runs, root):
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sco_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from facts.models import Fact

    # No setup_test_environment(): its template instrumentation would be most of the time measured.
    # collectstatic has not run: static URLs without the production manifest.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    # LIST_PAGES_CACHED: an older checkout's cache of whole list pages, off to time the lists.
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}, LIST_PAGES_CACHED=False).enable()
    admin = get_user_model().objects.filter(username="benchmark").first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("benchmark", "benchmark@example.org", "unused")
    editor = Client()
    editor.force_login(admin)
    last_page = -(-Fact.objects.published().count() // 20)
    fact = Fact.objects.published().annotate(n=Count("citations")).order_by("-n", "pk").first()
    urls = {
        "/facts/": (Client(), "/facts/"),
        "/articles/": (Client(), "/articles/"),
        "/facts/ last page": (Client(), f"/facts/?page={last_page}"),
        "a fact": (Client(), fact.get_absolute_url()),
        "admin facts": (editor, "/admin/facts/fact/"),
        "/search/?q=summit": (Client(), "/search/?q=summit"),
    }
    results = {}
    for page, (client, url) in urls.items():
        cache.clear()
        response = client.get(url, secure=True)  # the warm-up
        assert response.status_code == 200, (url, response.status_code)
        cold, warm = [], []
        for _ in range(runs):
            for times, clear in ((cold, True), (warm, False)):
                if clear:
                    cache.clear()
                else:
                    client.get(url, secure=True)
                start = time.process_time()
                client.get(url, secure=True)
                times.append(time.process_time() - start)
        results[page] = {
            "ms": statistics.median(cold) * 1000,
            "warm": statistics.median(warm) * 1000,
            "kb": len(response.content) / 1024,
        }
    print(json.dumps(results))


def compare(database, factor, url, runs, other):
    """This checkout and ``other``, alternating on the same database: medians of ``runs`` rounds."""
    rounds = {"this": [], "other": []}
    for _ in range(runs):
        for name, root in (("other", other), ("this", ROOT)):
            rounds[name].append(measure(url, 3, root))
    print(f"\n{database} {factor}×: cold (warm) median ms of {runs} interleaved rounds, {other} → this checkout")
    for page in PAGES:
        cells = []
        for name in ("other", "this"):
            cold = statistics.median(r[page]["ms"] for r in rounds[name])
            warm = statistics.median(r[page]["warm"] for r in rounds[name])
            cells.append(f"{cold:7.1f} ({warm:6.1f})")
        print(f"  {page:20} {cells[0]:>18} → {cells[1]:>18}")


def spread(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def report(database, rounds):
    """``rounds``: one {factor: {page: {"ms", "warm", "kb"}}} per round."""
    factors = sorted(rounds[0])

    def ms(factor, page):
        return statistics.median(r[factor][page]["ms"] for r in rounds)

    def ratios(page, factor, base, key="ms"):
        return [r[factor][page][key] / r[base][page][key] for r in rounds]

    base = factors[0]
    print(f"\n{database}: median ms (cold) and HTML KB per page at {base}×; then per factor the ratio to")
    print(f"{base}×, median (min–max) of {len(rounds)} interleaved rounds, and the HTML's ratio")
    print(f"{'page':20}{f'{base}×':>22}" + "".join(f"{f'{factor}×':>30}" for factor in factors[1:]) + "   target")
    for page in PAGES:
        cells = [f"{ms(base, page):7.1f} ms {rounds[0][base][page]['kb']:6.1f} KB"]
        for factor in factors[1:]:
            kb = rounds[0][factor][page]["kb"] / rounds[0][base][page]["kb"]
            cells.append(f"{spread(ratios(page, factor, base))}× {kb:5.2f}×")
        target = TARGETS.get(page)
        note = f"≤ {target[0]}× time" + (f", ≤ {target[1]}× HTML" if target and target[1] else "") if target else ""
        print(f"{page:20}{cells[0]:>22}" + "".join(f"{cell:>30}" for cell in cells[1:]) + f"   {note}")
    top = factors[-1]
    last = [r[top]["/facts/ last page"]["ms"] / r[top]["/facts/"]["ms"] for r in rounds]
    print(f"last page of /facts/ at {top}×: {spread(last)}× its first page (target ≤ 2×)")
    print(
        "warm (the counts cached for the content version), ms: "
        + ", ".join(
            f"{page} " + " / ".join(f"{statistics.median(r[f][page]['warm'] for r in rounds):.1f}" for f in factors)
            for page in PAGES
        )
    )
    if 100 in factors and 1000 in factors:
        search = ratios("/search/?q=summit", 1000, 100)
        print(f"search at 1000× (≈100k entries): {spread(search)}× its 100× (≈10k entries) time (target ≤ 2×)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--databases", nargs="+", default=["sqlite"], choices=["sqlite", "postgres"])
    parser.add_argument("--runs", type=int, default=7, help="requests per page and size in each round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all the sizes in turn")
    parser.add_argument("--keep", help="keep the SQLite databases in this folder, and reuse them")
    parser.add_argument("--compare", help="another checkout of the project, measured alternately")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_here(args.runs, args.root)
        return
    with tempfile.TemporaryDirectory(prefix="list-sizes-") as scratch:
        for database in args.databases:
            urls = {}
            for factor in args.factors:
                urls[factor] = (
                    sqlite_url(factor, args.keep or scratch) if database == "sqlite" else postgres_url(factor)
                )
                if args.compare:
                    compare(database, factor, urls[factor], args.runs, Path(args.compare).resolve())
            if args.compare:
                continue
            rounds = []
            for number in range(1, args.rounds + 1):
                rounds.append({})
                for factor, url in urls.items():
                    rounds[-1][factor] = measured = measure(url, args.runs)
                    times = ", ".join(f"{page} {m['ms']:.0f} ms" for page, m in measured.items())
                    print(f"  round {number}, {database} {factor}×: {times}", flush=True)
            report(database, rounds)


if __name__ == "__main__":
    main()
