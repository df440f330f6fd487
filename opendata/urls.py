from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import downloads, feeds, views
from .sitemaps import SITEMAPS

app_name = "opendata"

urlpatterns = [
    path("feeds/articles.rss", feeds.ArticleFeed(), name="articles-rss"),
    path("feeds/articles.atom", feeds.atom(feeds.ArticleFeed)(), name="articles-atom"),
    path("feeds/events.rss", feeds.EventFeed(), name="events-rss"),
    path("feeds/events.atom", feeds.atom(feeds.EventFeed)(), name="events-atom"),
    path("feeds/facts.rss", feeds.FactFeed(), name="facts-rss"),
    path("feeds/facts.atom", feeds.atom(feeds.FactFeed)(), name="facts-atom"),
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
    path("data/<slug:slug>.csv", downloads.download, {"extension": "csv"}, name="csv"),
    path("data/<slug:slug>.json", downloads.download, {"extension": "json"}, name="json"),
]
