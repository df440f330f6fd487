"""The files of /data/, built once per content version (:mod:`opendata.stored`) and served as files.

The ``ETag`` is the file's version, so a client holding the current file gets a 304 before anything
is read. JSON files name their version and licence in top-level fields, CSV files in their name and
headers (the body holds the rows alone, so it parses back cleanly).
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

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
NAMES = [f"{slug}.{extension}" for slug in DATASETS for extension in MEDIA_TYPES]
RETRY_AFTER = 10  # seconds: a file at 100× the seed takes 10–20 s to build on an idle host


def write(file, name, origin, version):
    """The file ``name``, a record at a time; its links start with ``origin`` ("https://sco.example.org")."""
    slug, extension = name.split(".")
    dataset = DATASETS[slug]
    records = dataset.records(lambda path: origin + path)
    if extension == "csv":
        writer = csv.DictWriter(file, fieldnames=dataset.fieldnames)
        writer.writeheader()
        for record in records:
            writer.writerows(
                {column: csv_cell(row.get(column)) for column in writer.fieldnames} for row in dataset.rows(record)
            )
        return
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    header = {"content_version": version, "licence": LICENCE, "generated": timezone.now()}
    file.write(encode(header)[:-1] + f', "{dataset.slug.replace("-", "_")}": [')
    for number, record in enumerate(records):
        file.write(("\n" if number == 0 else ",\n") + encode(record))
    file.write("\n]}\n")


def build_missing(origin, names=(), *, dry_run=False):
    """Store the files ``names`` ("facts.csv"; all when empty) of the current version not stored for ``origin``
    yet. Call with the build lock held; returns the version and the names of the files built."""
    version = content_version()
    missing = [name for name in names or NAMES if not stored.path(name, origin, version).exists()]
    if not dry_run:
        for name in missing:
            stored.build(name, origin, version, write)
    return version, missing


@require_safe
def download(request, slug, extension):
    if slug not in DATASETS:
        raise Http404("No such dataset.")
    version = for_request(request)[0]
    response = get_conditional_response(request, etag=f'"{version}"')
    if response is None:
        name = f"{slug}.{extension}"
        origin = request.build_absolute_uri("/").removesuffix("/")
        if (found := stored.open_stored(name, origin, version)) is None:
            stored.start_build(origin, name)
            found = stored.open_stored(name, origin)
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
