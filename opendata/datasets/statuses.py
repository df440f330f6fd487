"""The SCO status history of every country: who held which status, from when to when.

One row per period, as the country pages show them; its sources are the passages cited
by the row's fact, when that fact is published. The deciding event is given only when
its page is public.
"""

from django.db.models import Prefetch

from core.dates import iso_partial_date
from countries.models import CountryStatus
from facts.models import Fact

from .base import (
    CHUNK_SIZE,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PRECISION,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    citation_record,
    citations_prefetch,
    public_provenance,
    timestamp,
)

STATUS_COLUMNS = (
    Column("country", "text", "The country's short English name."),
    Column("country_slug", "text", "The country's key; its page is /countries/<slug>/."),
    Column("iso_alpha2", "ISO 3166-1 alpha-2 code", "The country's two-letter code."),
    Column("iso_alpha3", "ISO 3166-1 alpha-3 code", "The country's three-letter code."),
    Column(
        "status",
        "founding_member | member | observer | dialogue_partner",
        "The status held in the SCO during the period.",
    ),
    Column("current", "boolean", "true while the country still holds the status."),
    Column(
        "start_date",
        "partial ISO date",
        'When the status began, as precisely as the sources give it ("2017", "2017-06", "2017-06-09"); '
        "empty when no source gives it.",
    ),
    Column("start_precision", PRECISION, "The precision of start_date."),
    Column("end_date", "partial ISO date", "When the status ended, as start_date; empty while it lasts."),
    Column("end_precision", PRECISION, "The precision of end_date."),
    Column(
        "deciding_event", "event slug", "The summit or meeting that decided it, where known (see the events file)."
    ),
    Column("deciding_event_title", "text", "That event's title."),
    Column("fact", "fact slug", "The published fact that states the status (see the facts file); empty when none."),
    Column("standing", "text", "That fact's standing: unsourced, single_source, corroborated, disputed, superseded."),
    Column(
        "sources",
        "list of passages",
        "The passages the fact cites. JSON: objects with the facts file's citation columns. CSV: their "
        "passage URLs, separated by ';'.",
    ),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
)


def statuses_queryset():
    facts = Fact.objects.published().with_standing().only("slug").prefetch_related(citations_prefetch())
    return (
        CountryStatus.objects.select_related("country", "decided_at")
        .defer("decided_at__description", "decided_at__outcomes")
        .prefetch_related(Prefetch("fact", queryset=facts))
        .order_by("country__name", "start_date", "pk")
    )


def status_record(row, absolute):
    event = row.decided_at if row.decided_at and row.decided_at.is_published else None
    fact = row.fact
    return {
        "country": row.country.name,
        "country_slug": row.country.slug,
        "iso_alpha2": str(row.country.iso_code),
        "iso_alpha3": row.country.iso_alpha3,
        "status": row.status,
        "current": not row.ended,
        "start_date": iso_partial_date(row.start_date, row.start_precision),
        "start_precision": row.start_precision,
        "end_date": iso_partial_date(row.end_date, row.end_precision),
        "end_precision": row.end_precision,
        "deciding_event": event.slug if event else None,
        "deciding_event_title": event.title if event else None,
        "fact": fact.slug if fact else None,
        "standing": fact.standing if fact else None,
        "sources": [citation_record(citation, absolute) for citation in fact.citations.all()] if fact else [],
        "provenance": public_provenance(row),
        "editors_note": row.public_note,
        "modified_at": timestamp(row.modified_at),
    }


def status_records(absolute):
    for row in statuses_queryset().iterator(chunk_size=CHUNK_SIZE):
        yield status_record(row, absolute)


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
    groups=(("Each period", STATUS_COLUMNS),),
    records=status_records,
    count=lambda: CountryStatus.objects.count(),
    rows=status_rows,
)
