"""Redis killed under load, and random query strings: the site keeps answering, the cache stays bounded.

A production-like site (DEBUG off, gunicorn with two workers, static files collected) on an
SQLite file, with a Redis of the test's own. The numbers are printed (``-s``) to be quoted.
"""

import collections
import logging
import random
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis as redis_client
import requests

from countries.models import SCOGroup, SCOStatus
from events.models import EventKind
from facts.models import Standing
from sco_site import cache as fail_safe_cache
from sco_site.cache import FailSafeRedisCache
from search.forms import KIND_CHOICES
from tests.faults.conftest import Gunicorn, site_environment
from tests.helpers import manage_py

OUTAGE_SECONDS = 10
BACK_WITHIN = 10  # seconds after Redis is back: the cache's back-off (5 s) and a request or two


class Site:
    def __init__(self, server, database):
        self.server = server
        self.database = database
        self.log = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        """Read gunicorn's output as it comes: a full pipe would stop the workers."""
        for line in iter(self.server.process.stdout.readline, b""):
            self.log.append(line.decode(errors="replace"))

    def query(self, sql):
        with sqlite3.connect(self.database) as db:
            return [row[0] for row in db.execute(sql)]


@pytest.fixture
def site(tmp_path, redis_server):
    database = tmp_path / "db.sqlite3"
    env = site_environment(
        tmp_path, f"sqlite:///{database}", REDIS_URL=redis_server.url, SECURE_SSL_REDIRECT="false", LOG_LEVEL="INFO"
    )
    for args in (["migrate", "--noinput"], ["reload_fixtures"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        result = manage_py(env, *args)
        assert result.returncode == 0, result.stderr
    server = Gunicorn(env, workers=2)
    server.start()
    try:
        yield Site(server, database)
    finally:
        server.stop()


def test_a_redis_outage_under_load_serves_every_page_and_the_cache_comes_back(site, redis_server):
    fact = site.query("SELECT slug FROM facts_fact WHERE status = 'published' ORDER BY slug LIMIT 1")[0]
    pages = ["/", "/facts/", f"/facts/{fact}/"]
    base = site.server.url
    for path in pages:  # warm: each page cached
        for _ in range(2):
            requests.get(base + path, timeout=10)
        assert requests.get(base + path, timeout=10).headers["X-Page-Cache"] == "hit", path

    results = []  # (sent, answered, path, status, X-Page-Cache or health status)
    stop = threading.Event()

    def load(offset):
        session = requests.Session()
        paths = [*pages, "/healthz"]
        i = offset
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            sent = time.monotonic()
            try:
                response = session.get(base + path, timeout=10)
            except requests.RequestException as error:
                results.append((sent, time.monotonic(), path, type(error).__name__, None))
                continue
            mark = response.json()["status"] if path == "/healthz" else response.headers.get("X-Page-Cache")
            results.append((sent, time.monotonic(), path, response.status_code, mark))

    threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        redis_server.kill()  # returns once the process is gone
        killed = time.monotonic()  # the outage counted within it: from after the death to before the restart
        time.sleep(OUTAGE_SECONDS)
        back_from = time.monotonic()
        redis_server.start()
        restarted = time.monotonic()
        deadline = restarted + 30
        while time.monotonic() < deadline:
            back = {path for sent, _, path, _, mark in list(results) if sent > restarted and mark == "hit"}
            if back == set(pages):
                break
            time.sleep(0.2)
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    statuses = collections.Counter(status for *_, status, _ in results)
    outage = [row for row in results if killed < row[0] and row[1] < back_from]  # sent and answered in it
    health_in_outage = collections.Counter(mark for *_, path, _, mark in outage if path == "/healthz")
    back_after = {
        path: min(
            (at - restarted for at, _, p, _, mark in results if p == path and at > restarted and mark == "hit"),
            default=None,
        )
        for path in pages
    }
    log = "".join(site.log)
    unavailable = log.count("The cache is unavailable")
    recovered = log.count("The cache is back")
    print(
        f"\n{len(results)} requests ({len(outage)} during the {OUTAGE_SECONDS} s outage), statuses {dict(statuses)}; "
        f"/healthz during the outage {dict(health_in_outage)}; first hit after Redis was back (s): "
        f"{ {path: round(seconds, 2) for path, seconds in back_after.items() if seconds is not None} }; "
        f"log: {unavailable} 'unavailable' warnings, {recovered} 'back' lines, {log.count('Traceback')} tracebacks"
    )
    assert len(outage) >= 20  # pages computed without the cache: fewer on a busy machine
    assert set(statuses) == {200}, statuses  # no 5xx, no connection error
    assert health_in_outage["degraded"] > 0 and set(health_in_outage) == {"degraded"}
    assert all(mark == "miss" for *_, path, _, mark in outage if path != "/healthz")
    assert all(seconds is not None and seconds < BACK_WITHIN for seconds in back_after.values()), back_after
    assert [mark for *_, path, _, mark in results if path == "/healthz"][-1] == "ok"
    assert 1 <= unavailable <= 4  # each worker once (a 10 s outage is shorter than the warning interval)
    assert 1 <= recovered <= 2
    assert "Traceback" not in log


def test_a_redis_that_hangs_costs_one_timeout_per_backoff(redis_server, monkeypatch, caplog):
    monkeypatch.setattr(fail_safe_cache, "BACKOFF", 2)
    backend = FailSafeRedisCache(redis_server.url, {"KEY_PREFIX": "hang"})
    backend.set("page", "cached")
    redis_server.process.send_signal(signal.SIGSTOP)  # accepts connections, answers nothing
    try:
        started = time.monotonic()
        assert backend.get("page", "computed") == "computed"
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(100):
            assert backend.get("page") is None
        rest = time.monotonic() - started
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    print(f"\nA hung Redis: the first read gave up after {first:.2f} s, the next 100 took {rest * 1000:.1f} ms")
    assert 0.4 < first < 1.5 and rest < 0.1
    assert "The cache is unavailable (TimeoutError: " in caplog.text
    time.sleep(2)
    assert backend.get("page") == "cached"
    assert "The cache is back" in caplog.text


def test_a_full_redis_drops_writes_and_one_that_evicts_keeps_serving(redis_server, caplog):
    caplog.set_level(logging.INFO, logger="sco_site.cache")
    client = redis_client.Redis.from_url(redis_server.url)
    client.config_set("maxmemory", "2mb")
    client.config_set("maxmemory-policy", "noeviction")
    backend = FailSafeRedisCache(redis_server.url, {"KEY_PREFIX": "full"})
    page = "x" * 100_000
    for n in range(40):  # 4 MB into 2 MB
        backend.set(f"page:{n}", page)
    assert "The cache is unavailable (OutOfMemoryError: " in caplog.text
    assert backend.get("page:39", "computed") == "computed"
    client.flushdb()
    client.config_set("maxmemory-policy", "allkeys-lru")
    caplog.clear()
    backend.retry_at = 0  # the back-off of the full Redis, over
    for n in range(40):
        backend.set(f"page:{n}", page)
    assert backend.get("page:39") == page  # the newest stays, the oldest were evicted
    assert backend.get("page:0") is None
    assert "unavailable" not in caplog.text


# The declared parameters of a few lists, each with its valid values (None: worked out from the database).
LISTS = {
    "/facts/": {
        "country": None,
        "event": None,
        "topic": None,
        "standing": list(Standing.values),
        "sco_status": list(SCOGroup.values),
    },
    "/events/": {"kind": list(EventKind.values), "year": [str(year) for year in range(2001, 2027)], "country": None},
    "/countries/": {"status": list(SCOStatus.values)},
    "/search/": {"q": ["summit", "Belarus", "trade", "Astana", "India", "zzqx"], "kind": [k for k, _ in KIND_CHOICES]},
}
PAGED = {"/facts/", "/events/", "/search/"}
UNKNOWN = ["utm_source", "ref", "fbclid", "x", "sort", "lang", "page_size"]


def garbage(rng):
    """A value no filter takes (but a text query), or empty (as if not given)."""
    prefix = rng.choice(["zzz1", "random", "-1", "0", "<script>", "1900x", "2101", "2024.0", " 2024", ""])
    return prefix + rng.choice(["", str(rng.randrange(10**6))]) if prefix else ""


def random_request(rng, values):
    """A random query for a random list, and its canonical page if that page is valid (else None)."""
    if rng.random() < 0.05:
        path = rng.choice(["/robots.txt", "/"])
        query = [(rng.choice(UNKNOWN), garbage(rng))] if rng.random() < 0.7 else []
        canonical = (path,) if path == "/" or not query else None
        return path, query, canonical
    path = rng.choice(list(LISTS))
    declared = LISTS[path]
    query, valid = [], True
    for _ in range(rng.randrange(0, 4)):
        if rng.random() < 0.3:
            query.append((rng.choice(UNKNOWN), garbage(rng)))
            continue
        name = rng.choice(list(declared))
        if rng.random() < 0.7:
            query.append((name, rng.choice(values[path][name])))
        else:
            value = garbage(rng)
            query.append((name, value))
            valid = valid and (value == "" or name == "q")  # any text is a search of its own
    if path in PAGED and rng.random() < 0.5:
        page = rng.choice(["1", "2", "3", "abc", "01", "0", str(rng.randrange(4, 10**6))])
        query.append(("page", page))
    rng.shuffle(query)
    given = collections.Counter(name for name, value in query if name in declared or name == "page")
    valid = valid and all(n == 1 for n in given.values())
    pairs = dict((name, value) for name, value in query if name in declared and value)
    page = dict(query).get("page", "1")
    searching = path != "/search/" or pairs.get("q")
    valid = valid and (page == "1" or (page in ("2", "3") and searching))
    canonical = (path, *((name, pairs[name]) for name in declared if name in pairs), page) if valid else None
    return path, query, canonical


def test_random_query_strings_make_at_most_one_entry_per_valid_page(site, redis_server):
    slugs = {
        "country": site.query("SELECT slug FROM countries_country"),
        "event": site.query("SELECT slug FROM events_event WHERE status = 'published'"),
        "topic": site.query("SELECT slug FROM core_topic"),
    }
    values = {
        path: {name: choices if choices is not None else slugs[name] for name, choices in declared.items()}
        for path, declared in LISTS.items()
    }
    rng = random.Random(20261207)
    planned = [random_request(rng, values) for _ in range(10_000)]
    valid_pages = {canonical for _, _, canonical in planned if canonical is not None}
    local = threading.local()

    def get(request):
        path, query, _ = request
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session.get(site.server.url + path, params=query, timeout=30).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = collections.Counter(pool.map(get, planned))
    seconds = time.monotonic() - started
    client = redis_client.Redis.from_url(redis_server.url)
    page_keys = sum(1 for _ in client.scan_iter("*:page:*", count=1000))
    all_keys = client.dbsize()
    distinct = len({(path, tuple(query)) for path, query, _ in planned})
    print(
        f"\n{len(planned)} requests ({distinct} distinct query strings) in {seconds:.0f} s, "
        f"statuses {dict(statuses)}; "
        f"{len(valid_pages)} distinct valid pages requested; {page_keys} page keys in Redis ({all_keys} keys in all)"
    )
    assert set(statuses) == {200}, statuses
    assert 0 < page_keys <= len(valid_pages)
    assert len(valid_pages) < distinct / 5
