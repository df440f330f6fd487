"""What the API lists: the downloads' rows (facts, events, status periods, citations), the articles and the
countries, with the columns of :mod:`opendata.columns`. Each list is its page's: published only, filtered
by the page's FilterSet, in the page's order.
"""

from typing import Literal

from django.db.models import F, Prefetch
from django_filters import FilterSet
from ninja import Field, Router, Schema

from articles.filters import ArticleFilter
from articles.models import Article
from core.filtering import SlugChoiceFilter
from countries.filters import CountryFilter
from countries.models import Country, SCOGroup, SCOStatus
from events.filters import EventFilter
from events.models import Event, EventKind
from facts.filters import FactFilter
from facts.models import Citation, Fact, Standing
from opendata.columns import ARTICLE_COLUMNS, BODY_COLUMN, CITATION_COLUMNS, COUNTRY_COLUMNS, Column, schema
from opendata.datasets import EVENTS, FACTS, periods

from .listing import SLUG, TEXT, YEARS, endpoints

router = Router()


def articles():
    events = Event.objects.published().chronological().only("slug")
    return (
        Article.objects.published()
        .latest_first()
        .select_related("outlet")
        .defer("stripped")
        .prefetch_related("topics", "countries", Prefetch("events", queryset=events))
    )


def countries():
    """Countries by name with their whole history, each period with its deciding event and published fact."""
    history = periods().order_by(F("start_date").asc(nulls_first=True), "status")
    return (
        Country.objects.with_current_status().prefetch_related(Prefetch("statuses", queryset=history)).order_by("name")
    )


def citations():
    return Citation.objects.for_display().select_related("fact").defer("article__body", "article__stripped")


class ArticleFilters(Schema):
    q: str | None = Field(
        None, max_length=200, pattern=TEXT, description="Words in the title, body, summary or byline."
    )
    outlet: str | None = Field(None, pattern=SLUG, description="Outlet slug.")
    country: str | None = Field(None, pattern=SLUG, description="Country slug.")
    event: str | None = Field(None, pattern=SLUG, description="Published event's slug.")
    topic: str | None = Field(None, pattern=SLUG, description="Topic slug.")
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="Year of publication.")
    o: Literal["date", "-date", "title", "-title"] | None = Field(None, description="Order; newest first by default.")


class CountryFilters(Schema):
    status: SCOStatus | None = Field(None, description="Current SCO status.")


class EventFilters(Schema):
    kind: EventKind | None = None
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="Year the event began.")
    country: str | None = Field(None, pattern=SLUG, description="Slug of a country taking part or hosting.")


class FactFilters(Schema):
    country: str | None = Field(None, pattern=SLUG, description="Country slug.")
    event: str | None = Field(None, pattern=SLUG, description="Published event's slug.")
    topic: str | None = Field(None, pattern=SLUG, description="Topic slug.")
    standing: Standing | None = None
    sco_status: SCOGroup | None = Field(None, description="Facts that state a current status of this group.")


class CitationFilter(FilterSet):
    """The only list without a page of its own; it chooses among published rows, as the pages' filters do."""

    fact = SlugChoiceFilter(label="Fact", queryset=Fact.objects.published())
    article = SlugChoiceFilter(label="Article", queryset=Article.objects.published())

    class Meta:
        model = Citation
        fields = []


class CitationFilters(Schema):
    fact: str | None = Field(None, pattern=SLUG, description="Published fact's slug.")
    article: str | None = Field(None, pattern=SLUG, description="Published article's slug.")


# fmt: off
endpoints(
    router, "articles",
    about="Published articles, newest first, filtered as on the articles page; one alone has its body verbatim.",
    schema=schema("Article", ARTICLE_COLUMNS), queryset=lambda: articles().defer("body"),
    filterset=ArticleFilter, filters=ArticleFilters,
    one="article", one_schema=schema("ArticleWithBody", (*ARTICLE_COLUMNS, BODY_COLUMN)), one_queryset=articles,
)
endpoints(
    router, "countries",
    about="Every country, by name, with its SCO status history, filtered as on the countries page.",
    schema=schema("Country", COUNTRY_COLUMNS), queryset=countries,
    filterset=CountryFilter, filters=CountryFilters, one="country",
)
endpoints(
    router, "events",
    about="Published events, oldest first, filtered as on the events page.",
    schema=schema("Event", EVENTS.columns), queryset=EVENTS.queryset,
    filterset=EventFilter, filters=EventFilters, one="event",
)
endpoints(
    router, "facts",
    about="Published facts by slug, each with its published citations, filtered as on the facts page.",
    schema=schema("Fact", FACTS.columns), queryset=FACTS.queryset,
    filterset=FactFilter, filters=FactFilters, one="fact",
)
FACT_SLUG_COLUMN = Column("fact", "The slug of the fact the passage states.", get="fact.slug")
endpoints(
    router, "citations",
    about="Citations whose fact and article are both published, oldest source first.",
    schema=schema("CitationOfFact", (*CITATION_COLUMNS, FACT_SLUG_COLUMN)), queryset=citations,
    filterset=CitationFilter, filters=CitationFilters, unique="pk",
)
# fmt: on
