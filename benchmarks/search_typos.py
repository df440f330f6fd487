"""What a misspelled search costs beside the same search spelled right, at N times the seed.

Usage: .venv/bin/python benchmarks/search_typos.py [--factor 100] [--databases sqlite postgres]
           [--rounds 5] [--repeats 20]

For each database a fresh one is built in a process of its own (migrated, the seed reloaded,
grow_content adding factor - 1 times its volume). Then, ``--rounds`` times, the pairs of
queries below run interleaved (right, misspelled, right, misspelled...), each ``--repeats``
times, as the search page runs them: the matches counted by kind, the first page ranked and
its snippets cut, and for a misspelled query the correction looked up and run. Counts and
pages are not cached between runs (every run is a reader's first); the vocabulary is, as on
the site (once per content version). Prints, per round, the 95th percentile of each side and
their ratio, then the median ratio and its min–max spread beside the target (3x).
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
POSTGRES_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PAIRS = [
    ("summit tianjin", "sumit tianjin"),
    ("kazakhstan", "kazakstan"),
    ("shanghai spirit", "shanghai spirt"),
    ("presidency", "presidancy"),
    ("terrorism separatism", "terorism separatism"),
    ("uzbekistan railway", "uzbekstan railway"),
    ("energy cooperation", "enrgy cooperation"),
    ("lukashenko", "lukashenkoo"),
]
TARGET = 3.0
PAGE = 20


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


def measure(rounds, repeats):
    """In the worker: {"right": [[seconds...] per round], "typo": [...]}, and the corrections seen."""
    from django.test import RequestFactory

    from core.caching import cached_for_version
    from search.query import forgiving_search

    request = RequestFactory().get("/search/")

    def remember(key, compute):  # only the vocabulary is kept, as the site keeps it per version
        return cached_for_version(request, key, compute) if key == "search:vocabulary" else compute()

    def run(text):
        start = time.perf_counter()
        results, correction = forgiving_search(text, remember=remember)
        list(results[0:PAGE])
        return time.perf_counter() - start, correction and correction.text

    corrections = {typo: run(typo)[1] for _, typo in PAIRS}  # also warms the vocabulary
    times = {"right": [], "typo": []}
    for _ in range(rounds):
        this_round = {"right": [], "typo": []}
        for _ in range(repeats):
            for right, typo in PAIRS:
                this_round["right"].append(run(right)[0])
                this_round["typo"].append(run(typo)[0])
        for side in times:
            times[side].append(this_round[side])
    return times, corrections


def worker(factor, rounds, repeats):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sco_site.settings")
    django.setup()
    from django.core.management import call_command

    from fixture_sync.synthetic import grow_content
    from search.models import SearchEntry, SearchWord

    call_command("migrate", verbosity=0)
    call_command("reload_fixtures", verbosity=0)
    if factor > 1:
        grow_content(factor=factor - 1, seed=1)
    times, corrections = measure(rounds, repeats)
    sizes = {"entries": SearchEntry.objects.count(), "words": SearchWord.objects.count()}
    print(json.dumps({"times": times, "corrections": corrections, "sizes": sizes}))


def last_line(output):
    """The worker's result: its last line (the commands it runs may print before)."""
    return json.loads(output.strip().splitlines()[-1])


def on_database(name, args):
    command = [sys.executable, __file__, "--worker", *map(str, (args.factor, args.rounds, args.repeats))]
    with tempfile.TemporaryDirectory(prefix="search_typos_") as directory:
        env = {**os.environ, "FIXTURE_BACKUP_DIR": directory, "PAGE_CACHE_SECONDS": "0"}
        if name == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
            return last_line(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
        return on_postgres(command, env)


def on_postgres(command, env):
    import psycopg

    database = f"h_search_bench_{os.getpid()}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {database}")
    try:
        env["DATABASE_URL"] = POSTGRES_URL.rsplit("/", 1)[0] + f"/{database}"
        return last_line(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def report(name, result):
    sizes = result["sizes"]
    print(f"\n{name}: {sizes['entries']} entries, {sizes['words']} words in the vocabulary")
    for typo, corrected in result["corrections"].items():
        print(f"  {typo!r} -> {corrected!r}")
    ratios = []
    for i, (right, typo) in enumerate(zip(result["times"]["right"], result["times"]["typo"], strict=True)):
        ratio = p95(typo) / p95(right)
        ratios.append(ratio)
        right_ms, typo_ms = p95(right) * 1000, p95(typo) * 1000
        print(f"  round {i + 1}: p95 right {right_ms:.1f} ms, misspelled {typo_ms:.1f} ms, x{ratio:.2f}")
    median = statistics.median(ratios)
    verdict = "met" if median <= TARGET else "MISSED"
    spread = f"x{min(ratios):.2f}–x{max(ratios):.2f}"
    print(f"  p95 ratio misspelled/right: median x{median:.2f} ({spread}), target x{TARGET:.0f}: {verdict}")


def main():
    if sys.argv[1:2] == ["--worker"]:
        sys.path.insert(0, str(ROOT))
        worker(*map(int, sys.argv[2:5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    print(f"Misspelled against right searches at {args.factor}x the seed, {len(PAIRS)} pairs", flush=True)
    for name in args.databases:
        report(name, on_database(name, args))


if __name__ == "__main__":
    main()
