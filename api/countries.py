"""Countries and their SCO status history, as the countries pages show them.

Every country is public (countries are not drafted). The current status is the open row
of the history, never stored twice; a status names the event that decided it and the
fact that states it only when those are published.
"""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from countries.filters import CountryFilter
from countries.models import Country, CountryStatus, SCOStatus

from .listing import Pagination, filtered, totally_ordered
from .schemas import DETAIL_ERRORS, LIST_ERRORS, EventRef, FactRef, PartialDate, Sourced, page_url, slug_in_path

router = Router(tags=["countries"])


class StatusOut(Sourced):
    status: SCOStatus
    label: str
    start: PartialDate
    end: PartialDate | None = Field(description="Null while the country holds the status.")
    current: bool
    decided_at: EventRef | None = Field(description="The published event that decided it, where known.")
    fact: FactRef | None = Field(description="The published fact stating it, with its sources.")

    @staticmethod
    def resolve_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_start(obj):
        return PartialDate.of(obj.start_date, obj.start_precision)

    @staticmethod
    def resolve_end(obj):
        return PartialDate.of(obj.end_date, obj.end_precision) if obj.ended else None

    @staticmethod
    def resolve_current(obj):
        return not obj.ended

    @staticmethod
    def resolve_decided_at(obj):
        event = obj.decided_at
        return event if event is not None and event.is_published else None


class CountryOut(Sourced):
    slug: str
    name: str
    url: str = Field(description="The country's page on this site.")
    iso_code: str = Field(description="ISO 3166-1 alpha-2.")
    iso_alpha3: str = Field(description="ISO 3166-1 alpha-3.")
    region: str
    current_status: StatusOut | None = Field(description="The open row of the history; null when none.")
    statuses: list[StatusOut] = Field(description="The SCO status history, oldest first.")

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)

    @staticmethod
    def resolve_iso_code(obj):
        return str(obj.iso_code)

    @staticmethod
    def resolve_current_status(obj):
        return obj.current_status_row


class CountryFilters(Schema):
    status: SCOStatus | None = Field(None, description="Current SCO status.")


def countries():
    """Countries with their whole history, each row with its deciding event and published fact."""
    history = CountryStatus.objects.history().order_by(F("start_date").asc(nulls_first=True), "status")
    return Country.objects.with_current_status().prefetch_related(Prefetch("statuses", queryset=history))


@router.get("/countries/", response={200: list[CountryOut], **LIST_ERRORS}, url_name="countries")
@paginate(Pagination)
def country_list(request, filters: Query[CountryFilters]):
    """Every country, by name, filtered as on the countries page."""
    return totally_ordered(filtered(CountryFilter, countries().order_by("name"), filters, request), "slug")


@router.get("/countries/{slug}/", response={200: CountryOut, **DETAIL_ERRORS}, url_name="country")
def country_detail(request, slug: str = slug_in_path()):
    """One country with its SCO status history."""
    return get_object_or_404(countries(), slug=slug)
