"""Fault tests (``make test-faults``): real processes, killed or starved for real.

Each test starts what it breaks: its own ``redis-server`` on a free port, its own
PostgreSQL database (in a tablespace of its own where a disk is to fill up), its own
small filesystem. The shared PostgreSQL and Redis are never stopped or filled.

A full disk is a size-limited tmpfs, mounted here: that needs root (as in CI). Elsewhere
those tests skip with the reason; under ``CI=true`` they fail instead.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import unreachable


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.slow)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port} after {timeout} s")


class RedisServer:
    """A ``redis-server`` of the test's own, which can be killed and started again on its port."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            unreachable("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def small_disk(tmp_path):
    """``small_disk(megabytes)``: a directory on a tmpfs of that size, unmounted afterwards;
    ``shared=True``: mounted where other users reach it too (a PostgreSQL tablespace), not
    under the test's own private directory."""
    mounted = []

    def make(megabytes, name=None, shared=False):
        if shared:
            path = Path(tempfile.mkdtemp(prefix="sco-disk-"))
        else:
            path = tmp_path / (name or f"disk-{len(mounted)}")
            path.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0777", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            reason = f"cannot mount a small filesystem (needs root): {result.stderr.strip()}"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        mounted.append(path)
        return path

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True)
        if not path.is_relative_to(tmp_path):
            path.rmdir()


def fill(directory, leave_bytes=0):
    """Write into ``directory`` until its filesystem is full (but ``leave_bytes``)."""
    stat = os.statvfs(directory)
    free = stat.f_bavail * stat.f_frsize - leave_bytes
    filler = Path(directory) / f"filler-{uuid.uuid4().hex}"
    with open(filler, "wb") as file:
        chunk = b"\0" * (1 << 20)
        try:
            while free > 0:
                written = file.write(chunk[: min(len(chunk), free)])
                free -= written
            file.flush()
            os.fsync(file.fileno())
        except OSError:
            pass
    return filler


def site_environment(tmp_path, database_url, **extra):
    """The environment of a production-like site process (DEBUG off) on ``database_url``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": "fault-tests-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,sco.example.org",
        "SITE_URL": "https://sco.example.org",
        "DATABASE_URL": database_url,
        "FIXTURE_BACKUP_DIR": str(tmp_path / "backups"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_SECONDS": "300",
        **{key: str(value) for key, value in extra.items()},
    }
    env.pop("DATABASE_URL", None) if database_url is None else None
    return env


class Gunicorn:
    """The site under gunicorn with the production configuration, in a process group of its own."""

    def __init__(self, env, workers=2):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sco_site.wsgi",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=60, process=self.process)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        output = self.process.stdout.read().decode(errors="replace") if self.process else ""
        self.process = None
        return output
