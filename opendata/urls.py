from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

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
    path("robots.txt", views.robots_txt, name="robots"),
    path("data/", views.DataView.as_view(), name="data"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/<slug:slug>.csv", downloads.download, {"extension": "csv"}, name="csv"),
    path("data/<slug:slug>.json", downloads.download, {"extension": "json"}, name="json"),
]
