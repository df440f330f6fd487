"""The files of /data/ on this host's disk: ``DOWNLOADS_ROOT/<name>/<version>.<variant>``, the variant a
digest of the release and of the origin the file's links start with.

Files are built by ``manage.py build_downloads``, never in a request: at 100× the seed a build takes
longer than a worker may spend on one. A request that finds its file missing starts the command and is
answered without waiting. One build runs at a time on a host: an ``flock`` on ``DOWNLOADS_ROOT/.lock``,
taken by the request that starts the builder and inherited by it, which the kernel releases however the
builder ends. A file is written under a hidden name and renamed when whole.
"""

import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def path(name, origin, version):
    variant = hashlib.sha256(f"{settings.RELEASE}\n{origin}".encode()).hexdigest()[:12]
    return Path(settings.DOWNLOADS_ROOT) / name / f"{version}.{variant}"


def modified(file):
    try:
        return file.stat().st_mtime
    except FileNotFoundError:
        return 0


def open_stored(name, origin, version=None):
    """(open binary file, its version) of ``version``, or when None of the newest version kept; or None.
    Opened, not just found: a file the next version's build removes stays readable."""
    wanted = path(name, origin, version or "[!.]*")
    paths = [wanted] if version else sorted(wanted.parent.glob(wanted.name), key=modified, reverse=True)
    for found in paths:
        try:
            return open(found, "rb"), found.name.split(".")[0]
        except FileNotFoundError:
            pass


def lock_file():
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return open(root / ".lock", "a")


def start_build(origin, name):
    """Start building the file ``name`` ("facts.csv") for ``origin``, unless a build runs."""
    with lock_file() as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        spawn_builder(origin, name, lock)
    # Closing our descriptor leaves the lock held by the builder's copy of it.


def spawn_builder(origin, name, lock):
    """``manage.py build_downloads`` in a session of its own (a worker's exit does not end it), handed the lock."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "build_downloads", name, "--origin", origin]
    subprocess.Popen(
        [*command, "--lock-fd", str(lock.fileno())],
        pass_fds=(lock.fileno(),),
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def build(name, origin, version, write):
    """Store what ``write(file, name, origin, version)`` writes and remove older versions'. Call with the lock."""
    final = path(name, origin, version)
    final.parent.mkdir(parents=True, exist_ok=True)
    for leftover in final.parent.glob(".*"):  # of a builder that was killed: the lock is ours now
        leftover.unlink(missing_ok=True)
    started = time.monotonic()
    temporary = final.with_name(f".{final.name}")  # one build at a time: no other writer of this name
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            write(file, name, origin, version)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    for old in final.parent.iterdir():
        if not old.name.startswith(".") and old.name.split(".")[0] != version:
            old.unlink(missing_ok=True)
    seconds = time.monotonic() - started
    logger.info("Built %s of version %s in %.1f s (%d bytes).", name, version, seconds, final.stat().st_size)
