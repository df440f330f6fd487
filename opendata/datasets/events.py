"""The published events: summits, meetings, forums, milestones, presidencies.

Dates are given as precisely as the sources give them; a value the editors inferred or
know without a source on the site carries its marker in ``provenance``, as on the page.
"""

from django.db.models import Prefetch

from core.dates import DatePrecision
from core.models import Topic
from countries.models import Country
from events.models import Event, EventKind

from .base import (
    DATE,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    iso_codes,
    page_url,
    partial_date,
    published_column,
    slugs,
)

EVENT_COLUMNS = (
    Column("slug", "The event's stable key."),
    Column("url", "The event's page, with its facts and sources.", words="URL", get=page_url),
    Column("title", "The event's name."),
    Column("kind", "What kind of event it is.", EventKind),
    Column(
        "number",
        "Its ordinal where the sources number it (the 23rd meeting of the Council); empty otherwise.",
        int | None,
    ),
    Column(
        "start_date",
        'When it began, as precisely as known ("2024", "2024-07", "2024-07-04"); empty when not known.',
        str | None,
        DATE,
        partial_date("start_date", "start_precision"),
    ),
    Column("start_precision", "The precision of start_date.", DatePrecision),
    Column(
        "end_date",
        "When it ended, for events lasting more than one day; empty otherwise.",
        str | None,
        DATE,
        partial_date("end_date", "end_precision"),
    ),
    Column("end_precision", "The precision of end_date.", DatePrecision),
    Column("city", "Where it took place."),
    Column(
        "host_country",
        "The host country; empty when not known.",
        str | None,
        "ISO 3166-1 alpha-2 code",
        lambda event, _: str(event.host_country.iso_code) if event.host_country else None,
    ),
    Column("chair", "Who chaired, as the sources name them."),
    Column(
        "participants",
        "The countries taking part.",
        list[str],
        "list of ISO 3166-1 alpha-2 codes",
        iso_codes("participants"),
    ),
    Column("description", "What happened, in the editors' words."),
    Column("outcomes", "What it decided or produced, in the editors' words."),
    Column("topics", "The event's topics.", list[str], "list of topic slugs", slugs("topics")),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("event"),
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


EVENTS = Dataset(
    slug="events",
    title="Events",
    noun="events",
    description="Every published event: summits, ministerial meetings, forums, exercises, milestones, presidencies.",
    layout="One row (CSV) or object (JSON) per event, oldest first; undated events last.",
    heading="Each event",
    columns=EVENT_COLUMNS,
    queryset=events_queryset,
    count=lambda: Event.objects.published().count(),
)
