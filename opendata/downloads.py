"""The files of /data/: what each holds, stored on this host's disk once per content version, served as files.

A file is ``DOWNLOADS_ROOT/<name>/<version>.<variant>``, the variant a digest of the release and of the origin
the file's links start with. Files are built by ``manage.py build_downloads``, never in a request: at 100×
the seed a build takes longer than a worker may spend on one. A request that finds its file missing starts
the command and is answered without waiting. One build runs at a time on a host: an ``flock`` on
``DOWNLOADS_ROOT/.lock``, taken by the request that starts the builder and inherited by it, which the kernel
releases however the builder ends. A request that finds a build running queues its file for that builder
(a marker in ``DOWNLOADS_ROOT/.queued``), which builds it next. A file is written under a hidden name and
renamed when whole.

The ``ETag`` is the file's version, so a client holding the current file gets a 304 before anything
is read. JSON files name their version and licence in top-level fields, CSV files in their name and
headers (the body holds the rows alone, so it parses back cleanly).
"""

import csv
import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from core.structured import LICENCE
from core.version import content_version, for_request

from .columns import csv_cell
from .datasets import DATASETS

logger = logging.getLogger(__name__)
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
NAMES = [f"{slug}.{extension}" for slug in DATASETS for extension in MEDIA_TYPES]
RETRY_AFTER = 10  # seconds: a file at 100× the seed takes 10–20 s to build on an idle host


def variant(origin):
    return hashlib.sha256(f"{settings.RELEASE}\n{origin}".encode()).hexdigest()[:12]


def path(name, origin, version):
    return Path(settings.DOWNLOADS_ROOT) / name / f"{version}.{variant(origin)}"


def queued(name, origin):
    return Path(settings.DOWNLOADS_ROOT) / ".queued" / f"{name}.{variant(origin)}"


def take_queued(origin):
    """The files requests queued for ``origin`` while a build ran, their markers removed."""
    pattern = queued("*", origin)
    markers = list(pattern.parent.glob(pattern.name))
    for marker in markers:
        marker.unlink(missing_ok=True)
    return [name for marker in markers if (name := marker.name.rsplit(".", 1)[0]) in NAMES]


def modified(file):
    try:
        return file.stat().st_mtime
    except FileNotFoundError:
        return 0


def open_stored(name, origin, version=None):
    """(open binary file, its version) of ``version``, or when None of the newest version kept; or None.
    Opened, not just found: a file the next version's build removes stays readable."""
    wanted = path(name, origin, version or "[!.]*")
    for found in sorted(wanted.parent.glob(wanted.name), key=modified, reverse=True):
        with suppress(FileNotFoundError):
            return open(found, "rb"), found.name.split(".")[0]


def lock_file():
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return open(root / ".lock", "a")


def start_build(origin, name):
    """Start building the file ``name`` ("facts.csv") for ``origin``, or queue it for the build that runs."""
    with lock_file() as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            with suppress(OSError):  # a full disk: the reader is asked to retry all the same
                queued(name, origin).parent.mkdir(exist_ok=True)
                queued(name, origin).touch()
            return
        spawn_builder(origin, name, lock)
    # Closing our descriptor leaves the lock held by the builder's copy of it.


def spawn_builder(origin, name, lock):
    """``manage.py build_downloads`` in a session of its own (a worker's exit does not end it), handed the lock,
    and this process's release: its files' names are the ones this process looks for, even if the code on
    disk has changed since it started."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "build_downloads", name, "--origin", origin]
    subprocess.Popen(
        [*command, "--lock-fd", str(lock.fileno())],
        pass_fds=(lock.fileno(),),
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "RELEASE": settings.RELEASE},
    )


def build(name, origin, version):
    """Store the file and remove older versions' and a killed builder's leftovers. Call with the lock."""
    final = path(name, origin, version)
    final.parent.mkdir(parents=True, exist_ok=True)
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
        if old.name.split(".")[0] != version:
            old.unlink(missing_ok=True)
    seconds = time.monotonic() - started
    logger.info("Built %s of version %s in %.1f s (%d bytes).", name, version, seconds, final.stat().st_size)


def write(file, name, origin, version):
    """The file ``name``, a record at a time; its links start with ``origin`` ("https://sco.example.org")."""
    slug, extension = name.split(".")
    dataset = DATASETS[slug]
    records = dataset.records(lambda path: origin + path)
    if extension == "csv":
        writer = csv.DictWriter(file, fieldnames=dataset.fieldnames)
        writer.writeheader()
        rows = (row for record in records for row in dataset.rows(record))
        writer.writerows({column: csv_cell(row.get(column)) for column in writer.fieldnames} for row in rows)
        return
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    header = {"content_version": version, "licence": LICENCE, "generated": timezone.now()}
    file.write(encode(header)[:-1] + f', "{dataset.slug.replace("-", "_")}": [')
    for number, record in enumerate(records):
        file.write(("\n" if number == 0 else ",\n") + encode(record))
    file.write("\n]}\n")


def build_missing(origin, names=(), *, dry_run=False):
    """Store the files ``names`` ("facts.csv"; all when empty) of the current version not stored for ``origin``
    yet, then those requests queued meanwhile. Call with the build lock held; returns the version and the names
    of the files built."""
    version = content_version()
    missing = [name for name in names or NAMES if not path(name, origin, version).exists()]
    if dry_run:
        return version, missing
    built = []
    while missing:
        for name in missing:
            build(name, origin, version)
        built += missing
        missing = [name for name in take_queued(origin) if not path(name, origin, version).exists()]
    return version, built


@require_safe
def download(request, slug, extension):
    if slug not in DATASETS:
        raise Http404("No such dataset.")
    version = for_request(request)[0]
    response = get_conditional_response(request, etag=f'"{version}"')
    if response is None:
        name = f"{slug}.{extension}"
        origin = request.build_absolute_uri("/").removesuffix("/")
        if (found := open_stored(name, origin, version)) is None:
            start_build(origin, name)
            found = open_stored(name, origin)
        if found is None:
            text = "This file is being prepared. Please try again shortly.\n"
            response = HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = RETRY_AFTER
            response._has_been_logged = True  # a brief, expected state: not an error line per request
            return response
        file, version = found
        response = get_conditional_response(request, etag=f'"{version}"')  # an older file the client may hold
        if response is None:
            response = FileResponse(
                file,
                as_attachment=True,
                filename=f"sco-reference-{slug}-{version}.{extension}",
                content_type=f"{MEDIA_TYPES[extension]}; charset=utf-8",
            )
        else:
            file.close()
    response["ETag"] = f'"{version}"'
    # Kept by browsers and proxies but checked each time: the ETag changes with the content.
    patch_cache_control(response, no_cache=True)
    if response.status_code == 200:
        described = request.build_absolute_uri(reverse("opendata:data"))
        response["Link"] = f'<{LICENCE["url"]}>; rel="license", <{described}>; rel="describedby"'
        response["X-Content-Version"] = version
    return response
