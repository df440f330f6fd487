"""RSS and Atom feeds: new sources, new events, new or changed facts, and one per country.

An item is dated when it was published on this site, never by the source's own date (known perhaps
only to the year), which its description gives as the pages do. No author: a byline is the source's.
"""

from itertools import chain

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import linebreaks

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from facts.templatetags.fact_tags import figure

ITEMS = 30  # enough for a reader who looks in once a week
NEWEST = ("-published_at", "-pk")


def paragraphs(*parts):
    return "\n\n".join(part for part in parts if part)


def article_description(article):
    return paragraphs(f"{article.outlet or 'Outlet unknown'} · {article.published_display}", article.summary)


def event_description(event):
    place = ", ".join(part for part in (event.city, str(event.host_country or "")) if part)
    when = " · ".join(part for part in (event.dates_display, place) if part)
    return paragraphs(when, event.description, event.outcomes)


def fact_description(fact):
    """The statement, and for a figure its value, period and scope, as the fact page lists them."""
    details = (("Figure", figure(fact)), ("Period", fact.period), ("Scope", fact.scope))
    return paragraphs(fact.statement, *(f"{label}: {value}" for label, value in details if value))


DESCRIPTIONS = {Article: article_description, Event: event_description, Fact: fact_description}
KINDS = {Article: "Source", Event: "Event", Fact: "Fact"}


class SiteFeed(Feed):
    """``name`` makes its addresses (``opendata:<name>-rss``, ``-atom``) and its link, the list ``<name>:list``."""

    name = ""

    def __init__(self, format):
        self.format = format
        self.feed_type = Atom1Feed if format == "atom" else Rss201rev2Feed

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse(f"{self.name}:list")

    def feed_url(self, obj=None):
        return reverse(f"opendata:{self.name}-{self.format}", kwargs={"slug": obj.slug} if obj else None)

    def subtitle(self, obj=None):  # Atom's description
        return self.description(obj) if callable(self.description) else self.description

    def items(self):
        return self.queryset[:ITEMS]

    def item_title(self, item):
        return str(item)  # plain text, escaped once by the XML writer: Atom titles are text, not HTML

    def item_description(self, item):
        return linebreaks(DESCRIPTIONS[type(item)](item), autoescape=True)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):  # publishing may be stamped after the row's last write
        return max(item.modified_at, item.published_at)


class ArticleFeed(SiteFeed):
    name = "articles"
    title = "SCO Reference: new sources"
    description = "Articles and documents on the Shanghai Cooperation Organization, as they are added to the site."
    queryset = Article.objects.published().select_related("outlet").order_by(*NEWEST)


class EventFeed(SiteFeed):
    name = "events"
    title = "SCO Reference: new events"
    description = (
        "Summits, meetings, forums and milestones of the Shanghai Cooperation Organization, as they are added."
    )
    queryset = Event.objects.published().select_related("host_country").order_by(*NEWEST)


class FactFeed(SiteFeed):
    """Facts newly published or changed: a corrected figure comes back to the top."""

    name = "facts"
    title = "SCO Reference: new and changed facts"
    description = "Facts on the Shanghai Cooperation Organization, each linked to the passages that state it."
    queryset = Fact.objects.published().order_by("-modified_at", "-pk")


class CountryFeed(SiteFeed):
    name = "country"

    def get_object(self, request, slug):
        return get_object_or_404(Country, slug=slug)

    def title(self, country):
        return f"SCO Reference: {country.name}"

    def description(self, country):
        return f"New facts, events and sources concerning {country.name} and the Shanghai Cooperation Organization."

    def items(self, country):
        facts = country.facts.published().order_by(*NEWEST)[:ITEMS]
        events = Event.objects.published().involving(country).select_related("host_country").order_by(*NEWEST)[:ITEMS]
        articles = country.articles.published().select_related("outlet").order_by(*NEWEST)[:ITEMS]
        return sorted(chain(facts, events, articles), key=lambda item: item.published_at, reverse=True)[:ITEMS]

    def item_title(self, item):
        return f"{KINDS[type(item)]}: {item}"


LISTS = (ArticleFeed, EventFeed, FactFeed)
