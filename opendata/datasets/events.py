"""The published events: summits, meetings, forums, milestones, presidencies.

Dates are given as precisely as the sources give them; a value the editors inferred or
know without a source on the site carries its marker in ``provenance``, as on the page.
"""

from django.db.models import Prefetch

from core.dates import iso_partial_date
from core.models import Topic
from countries.models import Country
from events.models import Event, EventKind

from .base import (
    CHUNK_SIZE,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PRECISION,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    public_provenance,
    timestamp,
)

EVENT_COLUMNS = (
    Column("slug", "text", "The event's stable key."),
    Column("url", "URL", "The event's page, with its facts and sources."),
    Column("title", "text", "The event's name."),
    Column("kind", " | ".join(EventKind.values), "What kind of event it is."),
    Column(
        "number",
        "integer",
        "Its ordinal where the sources number it (the 23rd meeting of the Council); empty otherwise.",
    ),
    Column(
        "start_date",
        "partial ISO date",
        'When it began, as precisely as known ("2024", "2024-07", "2024-07-04"); empty when not known.',
    ),
    Column("start_precision", PRECISION, "The precision of start_date."),
    Column("end_date", "partial ISO date", "When it ended, for events lasting more than one day; empty otherwise."),
    Column("end_precision", PRECISION, "The precision of end_date."),
    Column("city", "text", "Where it took place."),
    Column("host_country", "ISO 3166-1 alpha-2 code", "The host country; empty when not known."),
    Column("chair", "text", "Who chaired, as the sources name them."),
    Column("participants", "list of ISO 3166-1 alpha-2 codes", "The countries taking part."),
    Column("description", "text", "What happened, in the editors' words."),
    Column("outcomes", "text", "What it decided or produced, in the editors' words."),
    Column("topics", "list of topic slugs", "The event's topics."),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    Column("published_at", "ISO 8601 date-time", "When the event was first published on this site."),
    MODIFIED_COLUMN,
)


def events_queryset():
    return (
        Event.objects.published()
        .select_related("host_country")
        .defer("image", "image_alt", "image_credit", "image_rights")
        .prefetch_related(
            Prefetch("participants", queryset=Country.objects.only("iso_code").order_by("iso_code")),
            Prefetch("topics", queryset=Topic.objects.only("slug").order_by("slug")),
        )
        .chronological()
    )


def event_record(event, absolute):
    return {
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "title": event.title,
        "kind": event.kind,
        "number": event.number,
        "start_date": iso_partial_date(event.start_date, event.start_precision),
        "start_precision": event.start_precision,
        "end_date": iso_partial_date(event.end_date, event.end_precision),
        "end_precision": event.end_precision,
        "city": event.city,
        "host_country": str(event.host_country.iso_code) if event.host_country else None,
        "chair": event.chair,
        "participants": [str(country.iso_code) for country in event.participants.all()],
        "description": event.description,
        "outcomes": event.outcomes,
        "topics": [topic.slug for topic in event.topics.all()],
        "provenance": public_provenance(event),
        "editors_note": event.public_note,
        "published_at": timestamp(event.published_at),
        "modified_at": timestamp(event.modified_at),
    }


def event_records(absolute):
    for event in events_queryset().iterator(chunk_size=CHUNK_SIZE):
        yield event_record(event, absolute)


EVENTS = Dataset(
    slug="events",
    title="Events",
    noun="events",
    description="Every published event: summits, ministerial meetings, forums, exercises, milestones, presidencies.",
    layout="One row (CSV) or object (JSON) per event, oldest first; undated events last.",
    groups=(("Each event", EVENT_COLUMNS),),
    records=event_records,
    count=lambda: Event.objects.published().count(),
)
