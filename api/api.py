"""The read-only JSON API: the public pages' lists, with the columns of :mod:`opendata.columns`, each
published only, filtered by its page's FilterSet, in its page's order. No interactive documentation
page: django-ninja's (Swagger UI) needs assets our Content-Security-Policy does not allow."""

from django.db.models import F, Prefetch
from django.urls import reverse
from django_filters import FilterSet
from ninja import NinjaAPI, Schema

from articles.filters import ArticleFilter
from articles.models import Article
from core.filtering import SlugChoiceFilter
from countries.filters import CountryFilter
from countries.models import Country
from events.filters import EventFilter
from events.models import Event
from facts.filters import FactFilter
from facts.models import Citation, Fact
from opendata.columns import ARTICLE_COLUMNS, BODY_COLUMN, CITATION_COLUMNS, COUNTRY_COLUMNS, FACT_SLUG_COLUMN, schema
from opendata.datasets import EVENTS, FACTS, periods

from .listing import InvalidFilters, endpoints

DESCRIPTION = """\
Read-only access to what the site's pages show: published articles (the sources, stored
verbatim), countries with their SCO status history, events, facts and the citations that
support them. Drafts never appear. Facts, events, status periods and citations have the
columns of the downloads on /data/, by the same names, with the same values.

Every fact carries its citations, each with the verbatim quote and `passage_url`, the
address of the highlighted passage on the article page. Values the editors supplied carry
their provenance by field: `inferred` (with the editors' reason), `editors` (editors'
knowledge, no source on the site) or `metadata` (read from the source page's metadata); a
value quoted from a source is a citation. Dates are partial ISO dates with their precision
(`day`, `month`, `year`, `unknown`), as the sources give them; related objects are named by their slug or ISO code.

Lists take the same filters as the pages, and `limit` (at most 100) and `offset`; they
are in a stable order. A filter naming no published object answers 404, a malformed
parameter 422, each with a message.
"""

api = NinjaAPI(
    title="SCO Reference API",
    version="2.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(InvalidFilters)
def invalid_filters(request, exc):
    return api.create_response(request, {"detail": exc.message, "errors": exc.errors}, status=exc.status_code)


class Index(Schema):
    title: str
    description: str
    version: str
    openapi: str
    endpoints: dict[str, str]


@api.get("/", response=Index, url_name="index", tags=["index"])
def index(request):
    """What the API offers, and where its OpenAPI document is."""
    lists = ("articles", "countries", "events", "facts", "citations")
    return {
        "title": api.title,
        "description": api.description,
        "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "endpoints": {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in lists},
    }


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
    history = periods().order_by(F("start_date").asc(nulls_first=True), "status")
    return (
        Country.objects.with_current_status().prefetch_related(Prefetch("statuses", queryset=history)).order_by("name")
    )


def citations():
    return Citation.objects.for_display().select_related("fact").defer("article__body", "article__stripped")


class CitationFilter(FilterSet):
    """The only list without a page of its own; it chooses among published rows, as the pages' filters do."""

    fact = SlugChoiceFilter(label="Fact", queryset=Fact.objects.published())
    article = SlugChoiceFilter(label="Article", queryset=Article.objects.published())

    class Meta:
        model = Citation
        fields = []


# fmt: off
endpoints(
    api, "articles",
    about="Published articles, newest first, filtered as on the articles page; one alone has its body verbatim.",
    schema=schema("Article", ARTICLE_COLUMNS), queryset=lambda: articles().defer("body"), filterset=ArticleFilter,
    one="article", one_schema=schema("ArticleWithBody", (*ARTICLE_COLUMNS, BODY_COLUMN)), one_queryset=articles,
)
endpoints(
    api, "countries",
    about="Every country, by name, with its SCO status history, filtered as on the countries page.",
    schema=schema("Country", COUNTRY_COLUMNS), queryset=countries, filterset=CountryFilter, one="country",
)
endpoints(
    api, "events",
    about="Published events, oldest first, filtered as on the events page.",
    schema=schema("Event", EVENTS.columns), queryset=EVENTS.queryset, filterset=EventFilter, one="event",
)
endpoints(
    api, "facts",
    about="Published facts by slug, each with its published citations, filtered as on the facts page.",
    schema=schema("Fact", FACTS.columns), queryset=FACTS.queryset, filterset=FactFilter, one="fact",
)
endpoints(
    api, "citations",
    about="Citations whose fact and article are both published, oldest source first.",
    schema=schema("CitationOfFact", (*CITATION_COLUMNS, FACT_SLUG_COLUMN)), queryset=citations,
    filterset=CitationFilter, unique="pk",
)
# fmt: on
