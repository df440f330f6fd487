"""The downloads of /data/, by the name their files take (``facts.csv``, ``events.json``…),
each column declared once (:mod:`opendata.columns`); the API lists the same rows.

Read a chunk at a time: one query walks the rows, and each chunk of ``CHUNK_SIZE`` fetches
its related rows in one query per relation, so 100,000 facts cost a few hundred queries
and never sit in memory at once. Only what a reader can see goes in: published facts,
events and citations; a status's deciding event only when its page is public.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Prefetch

from core.models import Topic
from countries.models import Country, CountryStatus, SCOStatus
from events.models import Event, EventKind
from facts.models import Fact, Qualifier, Standing

from .columns import (
    CITATION,
    CITATION_COLUMNS,
    EDITORS_NOTE_COLUMN,
    ISO_CODES,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    citations_prefetch,
    dated,
    iso_codes,
    page_url,
    passages,
    published_column,
    record,
    schema,
    slugs,
)

#: Rows read per query, and ids per prefetch query ("IN" lists SQLite accepts everywhere).
CHUNK_SIZE = 900

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "notice": (
        "Our own text (fact statements, summaries, descriptions, editors' notes and reasons) is "
        "published under Creative Commons Attribution 4.0 International (CC BY 4.0): credit "
        "SCO Reference and link to the page. Quotes remain their publishers': they are quoted "
        "for reference, with attribution to the outlet and a link to the passage."
    ),
}


@dataclass(frozen=True)
class Dataset:
    """A download, as CSV and as JSON: ``columns`` make each JSON object, ``groups`` (heading,
    columns) the CSV header and the /data/ page's tables, ``rows(record)`` a record's CSV rows."""

    slug: str
    title: str
    noun: str
    description: str
    layout: str
    columns: tuple
    queryset: Callable
    count: Callable
    groups: tuple
    rows: Callable = field(default=lambda record: [record])

    @property
    def fieldnames(self):
        return [column.name for _, columns in self.groups for column in columns]

    def records(self, absolute):
        for obj in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield record(self.columns, obj, absolute)


def figure(fact, absolute):
    """A figure as plain decimal text ("890000000000", "3.5"): exact, unlike a float."""
    return None if fact.value is None else f"{fact.value.normalize():f}"


# fmt: off
FACT_COLUMNS = (
    Column("slug", "The fact's stable key."),
    Column("url", "The fact's page, with its sources and their passages.", words="URL", get=page_url),
    Column("statement", "The claim, in the editors' words."),
    Column("topic", "The fact's topic; empty when it has none.",
           get=lambda fact, _: fact.topic.name if fact.topic else ""),
    Column("countries", "The countries the fact is about.", list[str], ISO_CODES, iso_codes("countries")),
    Column("events", "The events the fact is about (see the events file).", list[str], "list of event slugs",
           slugs("events")),
    Column("value", "For a figure, the number alone (exact, unrounded); empty otherwise.", str | None,
           "decimal number as text", figure),
    Column("value_qualifier", 'How the source gives the figure: "over 100" is over; empty when there is no figure.',
           Qualifier | Literal[""]),
    Column("unit", "The figure's unit: USD, percent, countries…"),
    Column("period", "The period the figure covers, e.g. 2024."),
    Column("scope", "What the figure covers, e.g. China's trade with SCO members."),
    Column("standing", "Derived from the citations: how many published sources state the fact, or whether another "
           "fact disputes or supersedes it.", Standing),
    Column("source_count", "How many published sources (articles) state the whole fact (a passage stating part "
           "of it is listed with its citation, not counted).", int),
    Column("superseded_by", "The newer fact that replaces this one; empty when none.", str | None, "fact slug",
           "superseded_by.slug"),
    Column("disputed_by", "Facts that contradict this one.", list[str], "list of fact slugs", slugs("disputed_by")),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("fact"),
    MODIFIED_COLUMN,
)
# fmt: on
CITATIONS_COLUMN = Column(
    "citations",
    "The published passages that state the fact, oldest source first.",
    list[CITATION],
    get=passages(lambda fact: fact.citations.all()),
)


def facts_queryset():
    published = Fact.objects.published().only("slug")
    return (
        Fact.objects.published()
        .with_standing()
        .select_related("topic")
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.only("iso_code").order_by("iso_code")),
            Prefetch("events", queryset=Event.objects.published().only("slug").order_by("slug")),
            Prefetch("superseded_by", queryset=published),
            Prefetch("disputed_by", queryset=published.order_by("slug")),
            citations_prefetch(),
        )
        .order_by("slug")
    )


def fact_rows(record):
    """One CSV row per citation; a fact no published source states yet has one row without one."""
    fact = {name: value for name, value in record.items() if name != "citations"}
    for citation in record["citations"] or [{}]:
        yield {**fact, **citation}


FACTS = Dataset(
    slug="facts",
    title="Facts",
    noun="facts",
    description="Every published fact, with each published passage that states it.",
    layout=(
        "CSV: one row per citation, the fact's columns repeated on each; a fact without a published "
        "source has one row with the citation columns empty. JSON: one object per fact with the fact's "
        "columns and its citations as a list of objects with the citation columns."
    ),
    columns=(*FACT_COLUMNS, CITATIONS_COLUMN),
    groups=(("The fact", FACT_COLUMNS), ("Each citation", CITATION_COLUMNS)),
    queryset=facts_queryset,
    count=lambda: Fact.objects.published().count(),
    rows=fact_rows,
)


def deciding_event(read):
    """``read(event)`` of the event that decided the status, when its page is public."""
    return lambda row, absolute: read(row.decided_at) if row.decided_at and row.decided_at.is_published else None


# fmt: off
COUNTRY_COLUMNS = (
    Column("country", "The country's short English name.", get="country.name"),
    Column("country_slug", "The country's key; its page is /countries/<slug>/.", get="country.slug"),
    Column("iso_alpha2", "The country's two-letter code.", words="ISO 3166-1 alpha-2 code",
           get=lambda row, _: str(row.country.iso_code)),
    Column("iso_alpha3", "The country's three-letter code.", words="ISO 3166-1 alpha-3 code",
           get="country.iso_alpha3"),
)
PERIOD_COLUMNS = (
    Column("status", "The status held in the SCO during the period.", SCOStatus),
    Column("current", "true while the country still holds the status.", bool, get=lambda row, _: not row.ended),
    *dated("start", 'When the status began, as precisely as the sources give it ("2017", "2017-06", '
           '"2017-06-09"); empty when no source gives it.'),
    *dated("end", "When the status ended, as start_date; empty while it lasts."),
    Column("deciding_event", "The summit or meeting that decided it, where known (see the events file).",
           str | None, "event slug", deciding_event(lambda event: event.slug)),
    Column("deciding_event_title", "That event's title.", str | None, get=deciding_event(lambda event: event.title)),
    Column("fact", "The published fact that states the status (see the facts file); empty when none.", str | None,
           "fact slug", "fact.slug"),
    Column("standing", "That fact's standing: unsourced, single_source, corroborated, disputed, superseded.",
           str | None, get="fact.standing"),
    Column("sources", "The passages the fact cites. JSON: objects with the facts file's citation columns. CSV: "
           "their passage URLs, separated by ';'.", list[CITATION], "list of passages",
           passages(lambda row: row.fact.citations.all() if row.fact else [])),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
)
# fmt: on
STATUS = schema("Status", PERIOD_COLUMNS)


def periods():
    """Status rows with their deciding event and published fact, its standing and its citations."""
    facts = Fact.objects.published().with_standing().only("slug").prefetch_related(citations_prefetch())
    return (
        CountryStatus.objects.select_related("decided_at")
        .defer("decided_at__description", "decided_at__outcomes")
        .prefetch_related(Prefetch("fact", queryset=facts))
    )


STATUSES = Dataset(
    slug="country-statuses",
    title="SCO status history",
    noun="periods",
    description=(
        "Every country's statuses in the SCO (founding member, member state, observer state, dialogue "
        "partner), each period with its dates and sources."
    ),
    layout="One row (CSV) or object (JSON) per period of a status, by country, oldest first.",
    columns=COUNTRY_COLUMNS + PERIOD_COLUMNS,
    groups=(("Each period", COUNTRY_COLUMNS + PERIOD_COLUMNS),),
    queryset=lambda: periods().select_related("country").order_by("country__name", "start_date", "pk"),
    count=lambda: CountryStatus.objects.count(),
    rows=lambda record: [{**record, "sources": [source["passage_url"] for source in record["sources"]]}],
)

# fmt: off
EVENT_COLUMNS = (
    Column("slug", "The event's stable key."),
    Column("url", "The event's page, with its facts and sources.", words="URL", get=page_url),
    Column("title", "The event's name."),
    Column("kind", "What kind of event it is.", EventKind),
    Column("number", "Its ordinal where the sources number it (the 23rd meeting of the Council); empty otherwise.",
           int | None),
    *dated("start", 'When it began, as precisely as known ("2024", "2024-07", "2024-07-04"); empty when not known.'),
    *dated("end", "When it ended, for events lasting more than one day; empty otherwise."),
    Column("city", "Where it took place."),
    Column("host_country", "The host country; empty when not known.", str | None, "ISO 3166-1 alpha-2 code",
           lambda event, _: str(event.host_country.iso_code) if event.host_country else None),
    Column("chair", "Who chaired, as the sources name them."),
    Column("participants", "The countries taking part.", list[str], ISO_CODES, iso_codes("participants")),
    Column("description", "What happened, in the editors' words."),
    Column("outcomes", "What it decided or produced, in the editors' words."),
    Column("topics", "The event's topics.", list[str], "list of topic slugs", slugs("topics")),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("event"),
    MODIFIED_COLUMN,
)
# fmt: on


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
    columns=EVENT_COLUMNS,
    groups=(("Each event", EVENT_COLUMNS),),
    queryset=events_queryset,
    count=lambda: Event.objects.published().count(),
)

DATASETS = {dataset.slug: dataset for dataset in (FACTS, STATUSES, EVENTS)}
