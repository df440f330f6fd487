"""``/sitemap.xml`` indexes one sitemap per kind of page, each section the queryset its public pages
use (so a draft is never listed), in pages of ``PAGE_SIZE`` addresses."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from people.models import Person

PAGE_SIZE = 5000  # the protocol allows 50,000; smaller pages answer faster


class PageSitemap(Sitemap):
    """The overview, the lists and the downloads: no row of their own, so no ``lastmod``."""

    def items(self):
        lists = ("countries", "events", "facts", "articles", "people")
        return ["home:home", "home:map", *(f"{name}:list" for name in lists), "opendata:data"]

    def location(self, item):
        return reverse(item)


class RowSitemap(Sitemap):
    limit = PAGE_SIZE

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset.only("slug", "modified_at").order_by("pk")  # an article's body stays in the database

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        return self.queryset.aggregate(latest=Max("modified_at"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "countries": RowSitemap(Country.objects.all()),
    "events": RowSitemap(Event.objects.published()),
    "facts": RowSitemap(Fact.objects.published()),
    "articles": RowSitemap(Article.objects.published()),
    "people": RowSitemap(Person.objects.quoted()),
}
