"""The files of /data/ as stored on this host's disk (``DOWNLOADS_ROOT``), one per content version.

``<root>/<slug>.<extension>/<version>.<variant>``: the variant is a digest of the release and
the site's origin, as the file's links start with the origin and its columns follow the code.
A file is written under a hidden temporary name and renamed when whole, so a reader never
opens half of one; building a file removes the older versions' files.

Files are built by ``manage.py build_downloads``, never in a request: a build at 100× the
seed takes longer than a worker may spend on a request. A request that finds its file
missing starts that command (:func:`start_build`) and is answered without waiting. One build
runs at a time on a host: an exclusive ``flock`` on ``<root>/.lock``, taken by the request
that starts the builder and inherited by it, so no second builder starts meanwhile. The
kernel releases it when the builder ends, however it ends: no stale lock outlives a build.
"""

import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def folder(slug, extension):
    return Path(settings.DOWNLOADS_ROOT) / f"{slug}.{extension}"


def variant(origin):
    return hashlib.sha256(f"{settings.RELEASE}\n{origin}".encode()).hexdigest()[:12]


def open_stored(slug, extension, origin, version=None):
    """(open binary file, its version) of ``version``, or when None of the newest version kept; or None.

    Opened, not just found: a file removed afterwards (by the next version's build) stays readable.
    """
    directory = folder(slug, extension)
    if version is not None:
        paths = [directory / f"{version}.{variant(origin)}"]
    else:
        paths = sorted(directory.glob(f"[!.]*.{variant(origin)}"), key=modified, reverse=True)
    for path in paths:
        try:
            return open(path, "rb"), path.name.split(".")[0]
        except FileNotFoundError:
            continue
    return None


def modified(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0


def lock_file():
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return open(root / ".lock", "a")


@contextmanager
def build_lock(*, descriptor=None):
    """Holds the host's build lock, waiting for a build that runs; ``descriptor``: one already holding it."""
    with open(descriptor, "a") if descriptor is not None else lock_file() as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "build_downloads", origin, name]
    subprocess.Popen(
        [*command, "--lock-fd", str(lock.fileno())],
        pass_fds=(lock.fileno(),),
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def build(slug, extension, origin, version, chunks):
    """Store the file of ``version``, the text ``chunks``, and remove older versions'. Call with the lock held."""
    directory = folder(slug, extension)
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob(".*"):  # of a builder that was killed: the lock is ours now
        leftover.unlink(missing_ok=True)
    started = time.monotonic()
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
            file.flush()
            os.fsync(file.fileno())
            size = os.fstat(file.fileno()).st_size
        os.chmod(temporary, 0o644)
        os.replace(temporary, directory / f"{version}.{variant(origin)}")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for path in directory.iterdir():
        if not path.name.startswith(".") and path.name.split(".")[0] != version:
            path.unlink(missing_ok=True)
    seconds = time.monotonic() - started
    logger.info("Built %s.%s of version %s in %.1f s (%d bytes).", slug, extension, version, seconds, size)
