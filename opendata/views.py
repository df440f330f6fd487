"""The /data/ page and /data/datapackage.json, which describe every download column by column."""

import posixpath

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.structured import LICENCE, SITE_NAME, without_empty
from core.version import for_request

from .columns import DATE_TIME, choices
from .datasets import DATASETS, DESCRIPTION
from .downloads import MEDIA_TYPES

#: Table Schema types of the columns whose words say more than their Python type.
TYPES_BY_WORDS = {
    "integer": "integer",
    "boolean": "boolean",
    DATE_TIME: "datetime",
    "decimal number as text": "number",
}


class DataView(TemplateView):
    template_name = "opendata/data.html"
    extra_context = {"licence": LICENCE}

    def get_context_data(self, **kwargs):
        version, changed_at = for_request(self.request)
        absolute = self.request.build_absolute_uri
        structured = {
            "@type": "Dataset",
            "name": f"{SITE_NAME}: open data",
            "description": " ".join([DESCRIPTION, *(dataset.description for dataset in DATASETS.values())]),
            "url": absolute(reverse("opendata:data")),
            "license": LICENCE["url"],
            "isAccessibleForFree": True,
            "version": version,
            "dateModified": changed_at.isoformat() if changed_at else None,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": f"{dataset.title} ({extension.upper()})",
                    "contentUrl": absolute(reverse(f"opendata:{extension}", args=[dataset.slug])),
                    "encodingFormat": media_type,
                }
                for dataset in DATASETS.values()
                for extension, media_type in MEDIA_TYPES.items()
            ],
        }
        counts = [(dataset, dataset.queryset().count()) for dataset in DATASETS.values()]
        return super().get_context_data(
            datasets=counts, version=version, changed_at=changed_at, structured=without_empty(structured), **kwargs
        )


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


@require_safe
def datapackage(request):
    """The CSV downloads as a Frictionless Tabular Data Package; each path relative to the descriptor's."""
    version, changed_at = for_request(request)
    here = posixpath.dirname(reverse("opendata:datapackage"))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "sco-reference",
        "title": f"{SITE_NAME}: open data",
        "description": DESCRIPTION,
        "homepage": request.build_absolute_uri(reverse("opendata:data")),
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
                "schema": {"fields": [table_field(column) for column in dataset.csv_columns]},
            }
            for dataset in DATASETS.values()
        ],
    }
    return JsonResponse(without_empty(descriptor), json_dumps_params={"ensure_ascii": False, "indent": 1})
