"""Articles: the sources, as the articles pages show them (published only, same filters).

The list leaves the bodies out (they are long, and a page of them is not a list); an
article's own endpoint has its body verbatim, the text every citation quotes.
"""

from typing import Literal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from articles.filters import ArticleFilter
from articles.models import Article, Outlet
from events.models import Event

from .listing import Pagination, filtered, totally_ordered
from .schemas import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    SLUG,
    TEXT,
    YEARS,
    CountryRef,
    EventRef,
    PartialDate,
    Sourced,
    TopicRef,
    absolute,
    page_url,
    slug_in_path,
)

router = Router(tags=["articles"])


class OutletOut(Schema):
    slug: str
    name: str
    kind: Outlet.Kind
    country: str | None = Field(description="ISO 3166-1 alpha-2 code of where the outlet is based, if known.")
    website: str | None

    @staticmethod
    def resolve_country(obj):
        return str(obj.country) or None

    @staticmethod
    def resolve_website(obj):
        return obj.website or None


class LeadImageOut(Schema):
    url: str
    alt: str
    credit: str
    rights: str


class ArticleOut(Sourced):
    slug: str
    title: str
    url: str = Field(description="The article's page on this site, its cited passages highlighted.")
    source_url: str | None = Field(description="Where the article was published originally, if known.")
    outlet: OutletOut | None
    byline: str
    published: PartialDate
    language: str
    summary: str = Field(description="The editors' summary, in their words.")
    usage_rights: str = Field(description="What the publisher allows, as stated in the source.")
    image: LeadImageOut | None
    topics: list[TopicRef]
    countries: list[CountryRef]
    events: list[EventRef]

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)

    @staticmethod
    def resolve_source_url(obj):
        return obj.url or None

    @staticmethod
    def resolve_published(obj):
        return PartialDate.of(obj.published_on, obj.published_precision)

    @staticmethod
    def resolve_image(obj, context):
        if not obj.image:
            return None
        return LeadImageOut(
            url=absolute(context, obj.image.url), alt=obj.image_alt, credit=obj.image_credit, rights=obj.image_rights
        )


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="The text exactly as published; every citation quotes it verbatim.")


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


def articles():
    """Published articles as the list page reads them, with what each one shows."""
    return (
        Article.objects.published()
        .latest_first()
        .select_related("outlet")
        .prefetch_related(
            "topics", "countries", Prefetch("events", queryset=Event.objects.published().chronological())
        )
    )


@router.get("/articles/", response={200: list[ArticleOut], **LIST_ERRORS}, url_name="articles")
@paginate(Pagination)
def article_list(request, filters: Query[ArticleFilters]):
    """Published articles, newest first, filtered as on the articles page."""
    queryset = filtered(ArticleFilter, articles().defer("body", "stripped"), filters, request)
    return totally_ordered(queryset, "slug")


@router.get("/articles/{slug}/", response={200: ArticleDetailOut, **DETAIL_ERRORS}, url_name="article")
def article_detail(request, slug: str = slug_in_path()):
    """One published article with its body verbatim."""
    return get_object_or_404(articles(), slug=slug)
