"""What the API lists: the downloads' rows (facts, events, status periods, citations), and
the articles and countries, whose columns are declared here the same way.

Every list is the public page's list (published only, the page's FilterSet, the same
order); the parameters it declares carry the forms' limits (choices, year range, text
length), so a value of the wrong shape is refused with a 422 before any FilterSet runs.
"""

from dataclasses import replace
from typing import Literal

from django.db.models import F, Prefetch
from django_filters import FilterSet
from ninja import Field, Router, Schema

from articles.filters import ArticleFilter
from articles.models import Article, Outlet
from core.dates import DatePrecision
from core.filtering import SlugChoiceFilter
from countries.filters import CountryFilter
from countries.models import Country, SCOGroup, SCOStatus
from events.filters import EventFilter
from events.models import Event, EventKind
from facts.filters import FactFilter
from facts.models import Citation, Fact, Standing
from opendata.columns import (
    CITATION_COLUMNS,
    DATE,
    EDITORS_NOTE_COLUMN,
    ISO_CODES,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    iso_codes,
    page_url,
    partial_date,
    public_provenance,
    published_column,
    record,
    schema,
    slugs,
)
from opendata.datasets import (
    CITATIONS_COLUMN,
    EVENT_COLUMNS,
    FACT_COLUMNS,
    PERIOD_COLUMNS,
    STATUS,
    events_queryset,
    facts_queryset,
    periods,
)

from .listing import SLUG, TEXT, YEARS, endpoints

router = Router()

OUTLET_FIELDS = {"name": "outlet", "kind": "outlet_kind", "country": "outlet_country"}  # as the article's columns


def article_provenance(article, absolute):
    """The article's markers, with its outlet's under the article's column names."""
    outlet = public_provenance(article.outlet) if article.outlet else {}
    return {**{OUTLET_FIELDS[name]: entry for name, entry in outlet.items()}, **public_provenance(article)}


# fmt: off
ARTICLE_COLUMNS = (
    Column("slug", "The source's stable key on this site."),
    Column("url", "The article's page on this site, its cited passages highlighted.", words="URL", get=page_url),
    Column("title", "The source's title."),
    Column("source_url", "Where the article was published originally; empty when not known.", get="url"),
    Column("outlet", "Who published it; null when the text does not show it.", str | None, get="outlet.name"),
    Column("outlet_kind", "What kind of publisher it is.", Outlet.Kind | None, get="outlet.kind"),
    Column("outlet_country", "Where the outlet is based, if known.", str | None,
           get=lambda a, _: (str(a.outlet.country) or None) if a.outlet else None),
    Column("byline", "The author as printed; never guessed."),
    Column("date", 'When it was published, as precisely as known: "2024", "2024-05" or "2024-05-14"; empty when '
           "undated.", str | None, DATE, partial_date("published_on", "published_precision")),
    Column("date_precision", "The precision of date.", DatePrecision, get="published_precision"),
    Column("language", "The language of the text, as a language code."),
    Column("summary", "The editors' summary, in their words."),
    Column("usage_rights", "What the publisher allows, as stated in the source."),
    Column("image_url", "The lead image; null when there is none.", str | None,
           get=lambda a, absolute: absolute(a.image.url) if a.image else None),
    Column("image_alt", "The lead image's text alternative."),
    Column("image_credit", "Who made the lead image."),
    Column("image_rights", "What its owner allows."),
    Column("topics", "The article's topics.", list[str], "list of topic slugs", slugs("topics")),
    Column("countries", "The countries it mentions.", list[str], ISO_CODES, iso_codes("countries")),
    Column("events", "The published events it mentions.", list[str], "list of event slugs", slugs("events")),
    replace(PROVENANCE_COLUMN, meaning=PROVENANCE_COLUMN.meaning + " The outlet's markers are under outlet, "
            "outlet_kind and outlet_country.", get=article_provenance),
    EDITORS_NOTE_COLUMN,
    published_column("article"),
    MODIFIED_COLUMN,
)
BODY_COLUMN = Column("body", "The text exactly as published; every citation quotes it verbatim.")

COUNTRY_COLUMNS = (
    Column("slug", "The country's key; its page is /countries/<slug>/."),
    Column("url", "The country's page on this site.", words="URL", get=page_url),
    Column("name", "The country's short English name."),
    Column("iso_alpha2", "The country's two-letter code.", get=lambda country, _: str(country.iso_code)),
    Column("iso_alpha3", "The country's three-letter code."),
    Column("region", "Its region, e.g. Central Asia."),
    Column("current_status", "The status the country holds now (the open period of its history); null when none.",
           SCOStatus | None, get="current_status_row.status"),
    Column("statuses", "The SCO status history, oldest first.", list[STATUS],
           get=lambda country, absolute: [record(PERIOD_COLUMNS, row, absolute) for row in country.statuses.all()]),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
)
# fmt: on


def articles():
    """Published articles as the list page reads them, with what each one shows."""
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
    statuses = Prefetch("statuses", queryset=history)
    return Country.objects.with_current_status().prefetch_related(statuses).order_by("name")


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
    schema=schema("Event", EVENT_COLUMNS), queryset=events_queryset,
    filterset=EventFilter, filters=EventFilters, one="event",
)
endpoints(
    router, "facts",
    about="Published facts by slug, each with its published citations, filtered as on the facts page.",
    schema=schema("Fact", (*FACT_COLUMNS, CITATIONS_COLUMN)), queryset=facts_queryset,
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
