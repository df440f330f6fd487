"""Downloads at 100× the seed under gunicorn (2 sync workers, production settings, a Redis of
its own): four readers downloading at once leave a cached page fast, each file is built once
per content version, and the second download of a version is the stored file.
"""

import re
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.faults.conftest import Gunicorn, site_environment
from tests.helpers import manage_py

FACTOR = 99  # grow_content adds 99 times the seed's volume: 100× in all
PAGE = "/facts/"
DOWNLOADS = ["/data/facts.csv", "/data/facts.json", "/data/events.csv", "/data/country-statuses.json"]
PAGE_P99_LIMIT = 0.100  # seconds


def hundredfold_site(tmp_path, redis_url):
    env = site_environment(
        tmp_path,
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="false",
        DOWNLOADS_ROOT=tmp_path / "downloads",
    )
    for args in (
        ["migrate", "--noinput"],
        ["reload_fixtures"],
        ["grow_content", "--factor", str(FACTOR), "--seed", "1"],
        ["collectstatic", "--noinput", "--verbosity", "0"],  # the manifest DEBUG=false needs
    ):
        result = manage_py(env, *args, timeout=1200)
        assert result.returncode == 0, result.stderr
    return env


def download(url):
    """(seconds until a 200, how many 503s came first, the final ETag, bytes) — curl, so no GIL is shared."""
    started, refusals = time.perf_counter(), 0
    while True:
        result = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-D", "-", "-w", "%{http_code} %{size_download}", url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        status, size = result.stdout.rsplit("\n", 1)[-1].split()
        if status == "200":
            etag = re.search(r"(?im)^etag: (\S+)", result.stdout).group(1)
            return time.perf_counter() - started, refusals, etag, int(size)
        assert status == "503", result.stdout
        assert re.search(r"(?im)^retry-after: \d+", result.stdout)
        refusals += 1
        time.sleep(0.5)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def test_parallel_downloads_leave_a_cached_page_fast_and_are_built_once(tmp_path, redis_server):
    env = hundredfold_site(tmp_path, redis_server.url)
    server = Gunicorn(env, workers=2)
    server.start()
    logged = []  # read as it comes: a full pipe would stop the server writing its log, and serving
    threading.Thread(target=lambda: logged.extend(iter(server.process.stdout.readline, b"")), daemon=True).start()
    latencies, statuses, stop = [], [], threading.Event()

    def read_page():
        session = requests.Session()
        while not stop.is_set():
            started = time.perf_counter()
            response = session.get(server.url + PAGE, timeout=60)
            latencies.append(time.perf_counter() - started)
            statuses.append((response.status_code, response.headers.get("X-Page-Cache")))
            time.sleep(0.01)

    try:
        for _ in range(2):  # rendered once, then from the cache
            requests.get(server.url + PAGE, timeout=60)
        reader = threading.Thread(target=read_page)
        reader.start()
        with ThreadPoolExecutor(len(DOWNLOADS)) as pool:
            first = list(pool.map(download, [server.url + path for path in DOWNLOADS]))
            second = list(pool.map(download, [server.url + path for path in DOWNLOADS]))
        stop.set()
        reader.join()
    finally:
        stop.set()
        rest = server.stop()
    output = b"".join(logged).decode(errors="replace") + rest

    p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    print(f"\n{PAGE} while downloading: {len(latencies)} requests, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    for path, (took, refusals, etag, size), (again, _, etag_again, _) in zip(DOWNLOADS, first, second, strict=True):
        print(f"{path}: {size / 1e6:.1f} MB, first {took:.2f} s ({refusals} × 503 first), second {again:.3f} s")
        assert etag_again == etag
        assert again < 2.0, path  # a stored file, not a build of several seconds
    builds = re.findall(r"Built (\S+) of version (\w+) in ([\d.]+) s", output)
    print("builds:", ", ".join(f"{name} {seconds} s" for name, _, seconds in builds))
    assert sorted(name for name, _, _ in builds) == sorted(path.removeprefix("/data/") for path in DOWNLOADS)
    assert len({version for _, version, _ in builds}) == 1
    assert set(statuses) == {(200, "hit")}
    assert p99 < PAGE_P99_LIMIT, f"p99 of {PAGE} was {p99 * 1000:.0f} ms while downloads were built"
