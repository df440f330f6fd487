"""Facts and the citations that support them, as the facts pages show them.

A fact is listed when published; a citation only when both its fact and its article are
(``Citation.objects.published()``), so a draft source never shows through a published
fact. Each citation carries the verbatim quote and the address of the passage on the
article page (``#cite-<id>``), where it is highlighted.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from countries.models import SCOGroup
from events.models import Event
from facts.filters import FactFilter
from facts.models import Citation, Fact, Qualifier, Standing
from facts.templatetags.fact_tags import figure

from .filters import CitationFilter
from .listing import Pagination, filtered, totally_ordered
from .schemas import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    SLUG,
    CountryRef,
    EventRef,
    FactRef,
    PartialDate,
    Sourced,
    TopicRef,
    page_url,
    slug_in_path,
)

router = Router(tags=["facts"])


class SourceOut(Schema):
    """The article a citation quotes."""

    slug: str
    title: str
    url: str = Field(description="The article's page on this site.")
    source_url: str | None = Field(description="Where the article was published originally, if known.")
    outlet: str | None = Field(description="Who published it; null when the text does not show it.")
    published: PartialDate

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)

    @staticmethod
    def resolve_source_url(obj):
        return obj.url or None

    @staticmethod
    def resolve_outlet(obj):
        return obj.outlet.name if obj.outlet else None

    @staticmethod
    def resolve_published(obj):
        return PartialDate.of(obj.published_on, obj.published_precision)


class SpeakerOut(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)


class CitationOut(Schema):
    id: int
    quote: str = Field(description="The passage, verbatim as the article has it.")
    passage_url: str = Field(
        description="The passage on the article page, highlighted: the article's page + #cite-<id>."
    )
    article: SourceOut
    speaker: SpeakerOut | None = Field(description="Who the source says made the statement, when it names someone.")
    speaker_role: str = Field(description="The role the source gives the speaker, word for word.")

    @staticmethod
    def resolve_passage_url(obj, context):
        return page_url(obj, context)


class CitationOfFactOut(CitationOut):
    fact: FactRef


class FigureOut(Schema):
    value: str = Field(description="The number alone, as exact decimal text.")
    value_qualifier: Qualifier = Field(description="How the source gives it: exactly, over, at least…")
    unit: str
    text: str = Field(description="As the pages print it, e.g. “over 100 events”.")


class FactOut(Sourced):
    slug: str
    url: str = Field(description="The fact's page on this site.")
    statement: str = Field(description="The claim, in the editors' words.")
    topic: TopicRef | None
    figure: FigureOut | None = Field(description="For figures: the value as the source gives it; null otherwise.")
    period: str
    scope: str
    standing: Standing = Field(
        description="Derived from the citations and from the facts disputing or superseding it."
    )
    source_count: int = Field(description="Distinct published articles that state the fact.")
    superseded_by: FactRef | None
    disputed_by: list[FactRef]
    countries: list[CountryRef]
    events: list[EventRef]
    citations: list[CitationOut]

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)

    @staticmethod
    def resolve_figure(obj):
        if obj.value is None:
            return None
        value = f"{obj.value.normalize():f}"
        return FigureOut(value=value, value_qualifier=obj.value_qualifier, unit=obj.unit, text=figure(obj))

    @staticmethod
    def resolve_disputed_by(obj):
        return obj.public_disputed_by


class FactFilters(Schema):
    country: str | None = Field(None, pattern=SLUG, description="Country slug.")
    event: str | None = Field(None, pattern=SLUG, description="Published event's slug.")
    topic: str | None = Field(None, pattern=SLUG, description="Topic slug.")
    standing: Standing | None = None
    sco_status: SCOGroup | None = Field(None, description="Facts that state a current status of this group.")


class CitationFilters(Schema):
    fact: str | None = Field(None, pattern=SLUG, description="Published fact's slug.")
    article: str | None = Field(None, pattern=SLUG, description="Published article's slug.")


def facts():
    """Published facts as the list page reads them, with their countries and published events."""
    return Fact.objects.for_lists().prefetch_related(
        "countries", Prefetch("events", queryset=Event.objects.published().chronological())
    )


@router.get("/facts/", response={200: list[FactOut], **LIST_ERRORS}, url_name="facts")
@paginate(Pagination)
def fact_list(request, filters: Query[FactFilters]):
    """Published facts by slug, each with its citations, filtered as on the facts page."""
    return filtered(FactFilter, facts().order_by("slug"), filters, request)


@router.get("/facts/{slug}/", response={200: FactOut, **DETAIL_ERRORS}, url_name="fact")
def fact_detail(request, slug: str = slug_in_path()):
    """One published fact with its citations."""
    return get_object_or_404(facts(), slug=slug)


@router.get("/citations/", response={200: list[CitationOfFactOut], **LIST_ERRORS}, url_name="citations")
@paginate(Pagination)
def citation_list(request, filters: Query[CitationFilters]):
    """Citations whose fact and article are both published, oldest source first."""
    citations = Citation.objects.for_display().select_related("fact").defer("article__body", "article__stripped")
    return totally_ordered(filtered(CitationFilter, citations, filters, request), "pk")
