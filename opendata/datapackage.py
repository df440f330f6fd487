"""``/data/datapackage.json``: the CSV downloads as a Frictionless (Tabular) Data Package,
made from the same column declarations as the files and the /data/ page (:mod:`opendata.columns`)."""

import posixpath
from enum import Enum
from typing import get_args

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.structured import SITE_NAME
from core.version import for_request

from .columns import DATE_TIME
from .datasets import DATASETS, LICENCE

#: Table Schema types of the columns whose meaning says more than their Python type.
TYPES_BY_WORDS = {
    "integer": "integer",
    "boolean": "boolean",
    DATE_TIME: "datetime",
    "decimal number as text": "number",
}


def choices(annotation):
    """The values an enumeration (or an optional one) allows, or None."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    found = [choices(option) for option in get_args(annotation)]
    return next((values for values in found if values), None)


def table_field(column):
    """A column as a Table Schema field, as its CSV cell reads: lists and objects are text."""
    field = {"name": column.name, "type": TYPES_BY_WORDS.get(column.type_words, "string")}
    field["description"] = f"{column.meaning} ({column.type_words})"
    if column.type_words == "URL":
        field["format"] = "uri"
    if field["type"] == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if values := choices(column.type):
        field["constraints"] = {"enum": [value for value in values if value]}
    return field


def data_package(version, changed_at):
    """The descriptor; each resource's path is its CSV's address relative to this one's."""
    here = posixpath.dirname(reverse("opendata:datapackage"))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "sco-reference",
        "title": f"{SITE_NAME}: open data",
        "description": "Facts on the Shanghai Cooperation Organization with the verbatim source passages that "
        "state them, the SCO status history of countries, and SCO events.",
        "homepage": reverse("opendata:data"),
        "version": version,
        "created": changed_at.isoformat() if changed_at else None,
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE["url"], "title": LICENCE["notice"]}],
        "resources": [
            {
                "name": dataset.slug,
                "title": dataset.title,
                "description": f"{dataset.description} {dataset.layout}",
                "path": posixpath.relpath(reverse("opendata:csv", args=[dataset.slug]), here),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [table_field(column) for _, columns in dataset.groups for column in columns]},
            }
            for dataset in DATASETS.values()
        ],
    }
    return {key: value for key, value in descriptor.items() if value is not None}


@require_safe
def datapackage(request):
    version, changed_at = for_request(request)
    descriptor = data_package(version, changed_at)
    descriptor["homepage"] = request.build_absolute_uri(descriptor["homepage"])
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 1})
