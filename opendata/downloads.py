"""The files of /data/, built once per content version, stored (:mod:`opendata.stored`) and served as files.

A request for a version's file not stored yet starts its build (``manage.py build_downloads``,
another process, which reads the rows a chunk at a time in bounded memory) and is not kept
waiting for it: it is sent the newest file kept (an older version, named and tagged as such),
or 503 with ``Retry-After``. Requests once it is built are sent the stored file.

The ``ETag`` is the file's version, so a client holding the current file gets a 304 before
anything is read. The JSON names its version and licence in its top-level fields, the CSV in
its file name and headers (its body holds the rows alone, so it parses back cleanly).
"""

import csv

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from core.version import content_version, for_request

from . import stored
from .columns import csv_cell
from .datasets import DATASETS, LICENCE

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
FILES = [(dataset, extension) for dataset in DATASETS.values() for extension in MEDIA_TYPES]
RETRY_AFTER = 10  # seconds: a file at 100× the seed takes 10–20 s to build on an idle host


class Echo:
    """Hands back what ``csv.writer`` writes, for a stream."""

    def write(self, value):
        return value


def csv_lines(dataset, absolute):
    writer = csv.DictWriter(Echo(), fieldnames=dataset.fieldnames)
    yield writer.writeheader()
    for record in dataset.records(absolute):
        for row in dataset.rows(record):
            yield writer.writerow({name: csv_cell(row.get(name)) for name in dataset.fieldnames})


def json_chunks(dataset, absolute, header):
    """``{"content_version": …, "licence": …, "generated": …, "<slug>": [ … ]}``, an item at a time."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    key = dataset.slug.replace("-", "_")
    yield encode(header)[:-1] + f', "{key}": ['
    separator = "\n"
    for record in dataset.records(absolute):
        yield separator + encode(record)
        separator = ",\n"
    yield "\n]}\n"


def text(dataset, extension, origin, version):
    """The file's text, a chunk at a time; its links start with ``origin`` ("https://sco.example.org")."""

    def absolute(path):
        return origin + path

    if extension == "csv":
        return csv_lines(dataset, absolute)
    header = {"content_version": version, "licence": LICENCE, "generated": timezone.now()}
    return json_chunks(dataset, absolute, header)


def build_missing(origin, names=(), *, dry_run=False):
    """Store the files ``names`` ("facts.csv"; all when empty) of the current version not stored for
    ``origin`` yet. Call with the build lock held; returns the version and the names of the files built."""
    version = content_version()
    built = []
    for dataset, extension in FILES:
        if names and f"{dataset.slug}.{extension}" not in names:
            continue
        if found := stored.open_stored(dataset.slug, extension, origin, version):
            found[0].close()
            continue
        if not dry_run:
            stored.build(dataset.slug, extension, origin, version, text(dataset, extension, origin, version))
        built.append(f"{dataset.slug}.{extension}")
    return version, built


def file_for(dataset, extension, origin, version):
    """(file, version) of this version; else, a build started, of the newest version kept; or None."""
    if found := stored.open_stored(dataset.slug, extension, origin, version):
        return found
    stored.start_build(origin, f"{dataset.slug}.{extension}")
    return stored.open_stored(dataset.slug, extension, origin)


def being_built():
    response = HttpResponse(
        "This file is being prepared. Please try again shortly.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = RETRY_AFTER
    response._has_been_logged = True  # a brief, expected state: not an error line per request
    return response


@require_safe
def download(request, slug, extension):
    if (dataset := DATASETS.get(slug)) is None:
        raise Http404("No such dataset.")
    version = for_request(request)[0]
    response = get_conditional_response(request, etag=f'"{version}"')
    if response is None:
        origin = request.build_absolute_uri("/").removesuffix("/")
        if (found := file_for(dataset, extension, origin, version)) is None:
            return being_built()
        file, version = found
        response = get_conditional_response(request, etag=f'"{version}"')  # an older file the client may hold
        if response is None:
            filename = f"sco-reference-{dataset.slug}-{version}.{extension}"
            response = FileResponse(file, as_attachment=True, filename=filename, content_type=MEDIA_TYPES[extension])
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
