"""The downloads of /data/, by the name their files take (``facts.csv``, ``events.json``…): which rows,
in which order, with which columns (:mod:`opendata.columns`). The API lists the same rows.

Read a chunk at a time: one query walks the rows and each chunk of ``CHUNK_SIZE`` fetches its related
rows in one query per relation, so 100,000 facts never sit in memory at once. Only what a reader can
see goes in: published facts, events and citations; a status's deciding event only when its page is public.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch

from core.models import Topic
from countries.models import Country, CountryStatus
from events.models import Event
from facts.models import Citation, Fact

from .columns import (
    CITATION_COLUMNS,
    CITATIONS_COLUMN,
    COUNTRY_OF_PERIOD_COLUMNS,
    EVENT_COLUMNS,
    FACT_COLUMNS,
    PERIOD_COLUMNS,
    record,
)

#: Rows read per query, and ids per prefetch query ("IN" lists SQLite accepts everywhere).
CHUNK_SIZE = 900

DESCRIPTION = (
    "Facts on the Shanghai Cooperation Organization with the verbatim source passages that state them, "
    "the SCO status history of countries, and SCO events."
)


@dataclass(frozen=True)
class Dataset:
    """``columns`` make each JSON object; ``groups`` (heading, columns) the CSV header and the /data/
    page's tables; ``rows(record)`` a record's CSV rows."""

    slug: str
    title: str
    noun: str
    description: str
    layout: str
    queryset: Callable
    columns: tuple
    groups: tuple
    rows: Callable = lambda record: [record]

    @property
    def csv_columns(self):
        return [column for _, columns in self.groups for column in columns]

    @property
    def fieldnames(self):
        return [column.name for column in self.csv_columns]

    def records(self, absolute):
        return (record(self.columns, obj, absolute) for obj in self.queryset().iterator(chunk_size=CHUNK_SIZE))


def citations_prefetch():
    """Published citations with their article and outlet, the article's long texts left unread."""
    long_texts = ("body", "stripped", "summary", "usage_rights", "provenance")
    citations = Citation.objects.for_display().defer(*(f"article__{name}" for name in long_texts))
    return Prefetch("citations", queryset=citations)


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


def periods():
    facts = Fact.objects.published().with_standing().only("slug").prefetch_related(citations_prefetch())
    return (
        CountryStatus.objects.select_related("decided_at")
        .defer("decided_at__description", "decided_at__outcomes")
        .prefetch_related(Prefetch("fact", queryset=facts))
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
    queryset=facts_queryset,
    columns=(*FACT_COLUMNS, CITATIONS_COLUMN),
    groups=(("The fact", FACT_COLUMNS), ("Each citation", CITATION_COLUMNS)),
    rows=fact_rows,
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
    queryset=lambda: periods().select_related("country").order_by("country__name", "start_date", "pk"),
    columns=COUNTRY_OF_PERIOD_COLUMNS + PERIOD_COLUMNS,
    groups=(("Each period", COUNTRY_OF_PERIOD_COLUMNS + PERIOD_COLUMNS),),
    rows=lambda record: [{**record, "sources": [source["passage_url"] for source in record["sources"]]}],
)
EVENTS = Dataset(
    slug="events",
    title="Events",
    noun="events",
    description="Every published event: summits, ministerial meetings, forums, exercises, milestones, presidencies.",
    layout="One row (CSV) or object (JSON) per event, oldest first; undated events last.",
    queryset=events_queryset,
    columns=EVENT_COLUMNS,
    groups=(("Each event", EVENT_COLUMNS),),
)
DATASETS = {dataset.slug: dataset for dataset in (FACTS, STATUSES, EVENTS)}
