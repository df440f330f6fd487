from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import downloads, feeds, views
from .sitemaps import SITEMAPS

app_name = "opendata"

urlpatterns = [
    # articles-rss, articles-atom, events-rss…
    *(path(f"feeds/{feed.name}.rss", feed(), name=f"{feed.name}-rss") for feed in feeds.LISTS),
    *(path(f"feeds/{feed.name}.atom", feeds.atom(feed)(), name=f"{feed.name}-atom") for feed in feeds.LISTS),
    # countries.urls answers "countries/<slug>/" only: these longer paths fall through to here.
    path("countries/<slug:slug>/feed.rss", feeds.CountryFeed(), name="country-rss"),
    path("countries/<slug:slug>/feed.atom", feeds.atom(feeds.CountryFeed)(), name="country-atom"),
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
