"""The /data/ page, which describes every download column by column, and robots.txt."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.structured import SITE_NAME, without_empty
from core.version import for_request

from .datasets import DATASETS, LICENCE

FORMATS = (("csv", "text/csv", "CSV"), ("json", "application/json", "JSON"))


def dataset_data(datasets, absolute, changed_at, version):
    """The downloads as a schema.org ``Dataset`` with one ``DataDownload`` per file."""
    return without_empty(
        {
            "@type": "Dataset",
            "name": f"{SITE_NAME}: open data",
            "description": (
                "Facts on the Shanghai Cooperation Organization with the verbatim source passages that state "
                "them, the SCO status history of countries, and SCO events. "
                + " ".join(dataset["dataset"].description for dataset in datasets)
            ),
            "url": absolute(reverse("opendata:data")),
            "license": LICENCE["url"],
            "isAccessibleForFree": True,
            "version": version,
            "dateModified": changed_at.isoformat() if changed_at else None,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": f"{dataset['dataset'].title} ({file['label']})",
                    "contentUrl": absolute(file["url"]),
                    "encodingFormat": file["media_type"],
                }
                for dataset in datasets
                for file in dataset["files"]
            ],
        }
    )


class DataView(TemplateView):
    template_name = "opendata/data.html"

    def get_context_data(self, **kwargs):
        version, changed_at = for_request(self.request)
        datasets = [
            {
                "dataset": dataset,
                "count": dataset.count(),
                "files": [
                    {"url": reverse(f"opendata:{extension}", args=[dataset.slug]), "media_type": media, "label": label}
                    for extension, media, label in FORMATS
                ],
            }
            for dataset in DATASETS.values()
        ]
        structured = dataset_data(datasets, self.request.build_absolute_uri, changed_at, version)
        return super().get_context_data(
            datasets=datasets,
            version=version,
            changed_at=changed_at,
            licence=LICENCE,
            structured=structured,
            **kwargs,
        )


@require_safe
def robots_txt(request):
    """Crawlers may read every public page, not the admin nor the endless search results."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('search:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('opendata:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
