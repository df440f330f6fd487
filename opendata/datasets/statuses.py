"""The SCO status history of every country: who held which status, from when to when.

One row per period, as the country pages show them; its sources are the passages cited
by the row's fact, when that fact is published. The deciding event is given only when
its page is public.
"""

from django.db.models import Prefetch

from core.dates import DatePrecision
from countries.models import CountryStatus, SCOStatus
from facts.models import Fact

from .base import (
    CITATION,
    CITATION_COLUMNS,
    DATE,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    citations_prefetch,
    partial_date,
    record,
    schema,
)


def country(read):
    return lambda row, absolute: read(row.country)


def deciding_event(read):
    """``read(event)`` of the event that decided the status, when its page is public."""
    return lambda row, absolute: read(row.decided_at) if row.decided_at and row.decided_at.is_published else None


COUNTRY_COLUMNS = (
    Column("country", "The country's short English name.", get=country(lambda c: c.name)),
    Column("country_slug", "The country's key; its page is /countries/<slug>/.", get=country(lambda c: c.slug)),
    Column(
        "iso_alpha2",
        "The country's two-letter code.",
        words="ISO 3166-1 alpha-2 code",
        get=country(lambda c: str(c.iso_code)),
    ),
    Column(
        "iso_alpha3",
        "The country's three-letter code.",
        words="ISO 3166-1 alpha-3 code",
        get=country(lambda c: c.iso_alpha3),
    ),
)
PERIOD_COLUMNS = (
    Column("status", "The status held in the SCO during the period.", SCOStatus),
    Column("current", "true while the country still holds the status.", bool, get=lambda row, _: not row.ended),
    Column(
        "start_date",
        'When the status began, as precisely as the sources give it ("2017", "2017-06", "2017-06-09"); '
        "empty when no source gives it.",
        str | None,
        DATE,
        partial_date("start_date", "start_precision"),
    ),
    Column("start_precision", "The precision of start_date.", DatePrecision),
    Column(
        "end_date",
        "When the status ended, as start_date; empty while it lasts.",
        str | None,
        DATE,
        partial_date("end_date", "end_precision"),
    ),
    Column("end_precision", "The precision of end_date.", DatePrecision),
    Column(
        "deciding_event",
        "The summit or meeting that decided it, where known (see the events file).",
        str | None,
        "event slug",
        deciding_event(lambda event: event.slug),
    ),
    Column("deciding_event_title", "That event's title.", str | None, get=deciding_event(lambda event: event.title)),
    Column(
        "fact",
        "The published fact that states the status (see the facts file); empty when none.",
        str | None,
        "fact slug",
        lambda row, _: row.fact.slug if row.fact else None,
    ),
    Column(
        "standing",
        "That fact's standing: unsourced, single_source, corroborated, disputed, superseded.",
        str | None,
        get=lambda row, _: row.fact.standing if row.fact else None,
    ),
    Column(
        "sources",
        "The passages the fact cites. JSON: objects with the facts file's citation columns. CSV: their "
        "passage URLs, separated by ';'.",
        list[CITATION],
        "list of passages",
        lambda row, absolute: (
            [record(CITATION_COLUMNS, c, absolute) for c in row.fact.citations.all()] if row.fact else []
        ),
    ),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
)
STATUS = schema("Status", PERIOD_COLUMNS)


def periods():
    """Status rows with their deciding event and published fact, its standing and its citations."""
    facts = Fact.objects.published().with_standing().only("slug").prefetch_related(citations_prefetch())
    return (
        CountryStatus.objects.select_related("decided_at")
        .defer("decided_at__description", "decided_at__outcomes")
        .prefetch_related(Prefetch("fact", queryset=facts))
    )


def statuses_queryset():
    return periods().select_related("country").order_by("country__name", "start_date", "pk")


def status_rows(record):
    yield {**record, "sources": [source["passage_url"] for source in record["sources"]]}


STATUSES = Dataset(
    slug="country-statuses",
    title="SCO status history",
    noun="periods",
    description=(
        "Every country's statuses in the SCO (founding member, member state, observer state, dialogue "
        "partner), each period with its dates and sources."
    ),
    layout="One row (CSV) or object (JSON) per period of a status, by country, oldest first.",
    heading="Each period",
    columns=COUNTRY_COLUMNS + PERIOD_COLUMNS,
    queryset=statuses_queryset,
    count=lambda: CountryStatus.objects.count(),
    rows=status_rows,
)
