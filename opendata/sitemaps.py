"""``/sitemap.xml`` indexes one sitemap per kind of page, each section the queryset its public pages
use (so a draft is never listed), in pages of ``RowSitemap.limit`` addresses."""

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from people.models import Person


class PageSitemap(Sitemap):
    """The overview, the lists and the downloads: no row of their own, so no ``lastmod``."""

    def items(self):
        lists = ("countries", "events", "facts", "articles", "people")
        return ["home:home", "home:map", *(f"{name}:list" for name in lists), "opendata:data"]

    def location(self, item):
        return reverse(item)


class RowSitemap(GenericSitemap):
    limit = 5000  # the protocol allows 50,000; smaller pages answer faster

    def __init__(self, queryset):
        # Only what the address and date need: an article's body stays in the database.
        super().__init__(
            {"queryset": queryset.only("slug", "modified_at").order_by("pk"), "date_field": "modified_at"}
        )


SITEMAPS = {
    "pages": PageSitemap,
    "countries": RowSitemap(Country.objects.all()),
    "events": RowSitemap(Event.objects.published()),
    "facts": RowSitemap(Fact.objects.published()),
    "articles": RowSitemap(Article.objects.published()),
    "people": RowSitemap(Person.objects.quoted()),
}
