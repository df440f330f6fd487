from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

from . import downloads, feeds, views
from .sitemaps import SITEMAPS

app_name = "opendata"
KINDS = ("rss", "atom")

urlpatterns = [
    # articles-rss, articles-atom, events-rss…
    *(
        path(f"feeds/{feed.name}.{kind}", feed(kind), name=f"{feed.name}-{kind}")
        for feed in feeds.LISTS
        for kind in KINDS
    ),
    # countries.urls answers "countries/<slug>/" only: these longer paths fall through to here.
    *(path(f"countries/<slug:slug>/feed.{kind}", feeds.CountryFeed(kind), name=f"country-{kind}") for kind in KINDS),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "opendata:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "opendata/sitemap.xml"},
        name="sitemap-section",
    ),
    # Crawlers may read every public page, not the admin nor the endless search results.
    path(
        "robots.txt",
        TemplateView.as_view(template_name="opendata/robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("data/", views.DataView.as_view(), name="data"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/<slug:slug>.csv", downloads.download, {"extension": "csv"}, name="csv"),
    path("data/<slug:slug>.json", downloads.download, {"extension": "json"}, name="json"),
]
