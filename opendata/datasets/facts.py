"""The published facts, each with the passages that state it.

Read a chunk at a time: one query walks the facts, and each chunk of ``CHUNK_SIZE``
fetches its countries, events, citations and related facts in one query apiece, so
100,000 facts cost a few hundred queries and never sit in memory at once. Only what a
reader can see goes in: published events and facts, published citations.
"""

from typing import Literal

from django.db.models import Prefetch

from countries.models import Country
from events.models import Event
from facts.models import Fact, Qualifier, Standing

from .base import (
    CITATION,
    CITATION_COLUMNS,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    citations_prefetch,
    iso_codes,
    page_url,
    published_column,
    record,
    slugs,
)


def figure(fact, absolute):
    """A figure as plain decimal text ("890000000000", "3.5"): exact, unlike a float."""
    return None if fact.value is None else f"{fact.value.normalize():f}"


FACT_COLUMNS = (
    Column("slug", "The fact's stable key."),
    Column("url", "The fact's page, with its sources and their passages.", words="URL", get=page_url),
    Column("statement", "The claim, in the editors' words."),
    Column(
        "topic", "The fact's topic; empty when it has none.", get=lambda fact, _: fact.topic.name if fact.topic else ""
    ),
    Column(
        "countries",
        "The countries the fact is about.",
        list[str],
        "list of ISO 3166-1 alpha-2 codes",
        iso_codes("countries"),
    ),
    Column(
        "events",
        "The events the fact is about (see the events file).",
        list[str],
        "list of event slugs",
        slugs("events"),
    ),
    Column(
        "value",
        "For a figure, the number alone (exact, unrounded); empty otherwise.",
        str | None,
        "decimal number as text",
        figure,
    ),
    Column(
        "value_qualifier",
        'How the source gives the figure: "over 100" is over; empty when there is no figure.',
        Qualifier | Literal[""],
    ),
    Column("unit", "The figure's unit: USD, percent, countries…"),
    Column("period", "The period the figure covers, e.g. 2024."),
    Column("scope", "What the figure covers, e.g. China's trade with SCO members."),
    Column(
        "standing",
        "Derived from the citations: how many published sources state the fact, or whether another "
        "fact disputes or supersedes it.",
        Standing,
    ),
    Column("source_count", "How many published sources (articles) state the fact.", int),
    Column(
        "superseded_by",
        "The newer fact that replaces this one; empty when none.",
        str | None,
        "fact slug",
        lambda fact, _: fact.superseded_by.slug if fact.superseded_by else None,
    ),
    Column("disputed_by", "Facts that contradict this one.", list[str], "list of fact slugs", slugs("disputed_by")),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("fact"),
    MODIFIED_COLUMN,
)
CITATIONS_COLUMN = Column(
    "citations",
    "The published passages that state the fact, oldest source first.",
    list[CITATION],
    get=lambda fact, absolute: [record(CITATION_COLUMNS, citation, absolute) for citation in fact.citations.all()],
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
