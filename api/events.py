"""Events: summits, meetings, milestones, as the events pages show them (published only)."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from events.filters import EventFilter
from events.models import Event, EventKind

from .listing import Pagination, filtered, totally_ordered
from .schemas import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    SLUG,
    YEARS,
    CountryRef,
    PartialDate,
    Sourced,
    TopicRef,
    page_url,
    slug_in_path,
)

router = Router(tags=["events"])


class EventOut(Sourced):
    slug: str
    title: str
    url: str = Field(description="The event's page on this site.")
    kind: EventKind
    kind_label: str
    number: int | None = Field(description="Ordinal where the sources number it.")
    start: PartialDate
    end: PartialDate | None = Field(description="Only for events lasting more than one day.")
    city: str
    host_country: CountryRef | None
    chair: str
    participants: list[CountryRef]
    topics: list[TopicRef]
    description: str
    outcomes: str

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_start(obj):
        return PartialDate.of(obj.start_date, obj.start_precision)

    @staticmethod
    def resolve_end(obj):
        return PartialDate.of(obj.end_date, obj.end_precision) if obj.end_date else None


class EventFilters(Schema):
    kind: EventKind | None = None
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="Year the event began.")
    country: str | None = Field(None, pattern=SLUG, description="Slug of a country taking part or hosting.")


def events():
    """Published events in date order, with their host, participants and topics."""
    return (
        Event.objects.published()
        .chronological()
        .select_related("host_country")
        .prefetch_related("participants", "topics")
    )


@router.get("/events/", response={200: list[EventOut], **LIST_ERRORS}, url_name="events")
@paginate(Pagination)
def event_list(request, filters: Query[EventFilters]):
    """Published events, oldest first, filtered as on the events page."""
    return totally_ordered(filtered(EventFilter, events(), filters, request), "slug")


@router.get("/events/{slug}/", response={200: EventOut, **DETAIL_ERRORS}, url_name="event")
def event_detail(request, slug: str = slug_in_path()):
    """One published event."""
    return get_object_or_404(events(), slug=slug)
