"""The files of /data/, streamed as their rows are read, in bounded memory at any size.

The page cache keeps no streamed answer; instead its ``ETag`` is the content version, so a
client holding the current file gets a 304 before a row is read. The JSON names its version
and licence in its top-level fields, the CSV in its file name and headers (its body holds
the rows alone, so it parses back cleanly).
"""

import csv

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from core.version import for_request

from .columns import absolute_urls, csv_cell
from .datasets import DATASETS, LICENCE


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


@require_safe
def download(request, slug, extension):
    if (dataset := DATASETS.get(slug)) is None:
        raise Http404("No such dataset.")
    version = for_request(request)[0]
    etag = f'"{version}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        absolute = absolute_urls(request)
        if extension == "csv":
            response = StreamingHttpResponse(csv_lines(dataset, absolute), content_type="text/csv; charset=utf-8")
        else:
            header = {"content_version": version, "licence": LICENCE, "generated": timezone.now()}
            chunks = json_chunks(dataset, absolute, header)
            response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    # Kept by browsers and proxies but checked each time: the ETag changes with the content.
    patch_cache_control(response, no_cache=True)
    if response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="sco-reference-{dataset.slug}-{version}.{extension}"'
        described = request.build_absolute_uri(reverse("opendata:data"))
        response["Link"] = f'<{LICENCE["url"]}>; rel="license", <{described}>; rel="describedby"'
        response["X-Content-Version"] = version
    return response
