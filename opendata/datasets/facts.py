"""The published facts, each with the passages that state it.

Read a chunk at a time: one query walks the facts, and each chunk of ``CHUNK_SIZE``
fetches its countries, events, citations and related facts in one query apiece, so
100,000 facts cost a few hundred queries and never sit in memory at once. Only what a
reader can see goes in: published events and facts, published citations.
"""

from django.db.models import Prefetch

from countries.models import Country
from events.models import Event
from facts.models import Fact

from .base import (
    CHUNK_SIZE,
    CITATION_COLUMNS,
    EDITORS_NOTE_COLUMN,
    MODIFIED_COLUMN,
    PROVENANCE_COLUMN,
    Column,
    Dataset,
    citation_record,
    citations_prefetch,
    decimal_text,
    public_provenance,
    timestamp,
)

FACT_COLUMNS = (
    Column("slug", "text", "The fact's stable key."),
    Column("url", "URL", "The fact's page, with its sources and their passages."),
    Column("statement", "text", "The claim, in the editors' words."),
    Column("topic", "text", "The fact's topic; empty when it has none."),
    Column("countries", "list of ISO 3166-1 alpha-2 codes", "The countries the fact is about."),
    Column("events", "list of event slugs", "The events the fact is about (see the events file)."),
    Column("value", "decimal number as text", "For a figure, the number alone (exact, unrounded); empty otherwise."),
    Column(
        "value_qualifier",
        "exactly | over | at_least | approximately | nearly",
        'How the source gives the figure: "over 100" is over; empty when there is no figure.',
    ),
    Column("unit", "text", "The figure's unit: USD, percent, countries…"),
    Column("period", "text", "The period the figure covers, e.g. 2024."),
    Column("scope", "text", "What the figure covers, e.g. China's trade with SCO members."),
    Column(
        "standing",
        "unsourced | single_source | corroborated | disputed | superseded",
        "Derived from the citations: how many published sources state the fact, or whether another "
        "fact disputes or supersedes it.",
    ),
    Column("source_count", "integer", "How many published sources (articles) state the fact."),
    Column("superseded_by", "fact slug", "The newer fact that replaces this one; empty when none."),
    Column("disputed_by", "list of fact slugs", "Facts that contradict this one."),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    Column("published_at", "ISO 8601 date-time", "When the fact was first published on this site."),
    MODIFIED_COLUMN,
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


def fact_record(fact, absolute):
    return {
        "slug": fact.slug,
        "url": absolute(fact.get_absolute_url()),
        "statement": fact.statement,
        "topic": fact.topic.name if fact.topic else "",
        "countries": [str(country.iso_code) for country in fact.countries.all()],
        "events": [event.slug for event in fact.events.all()],
        "value": decimal_text(fact.value),
        "value_qualifier": fact.value_qualifier,
        "unit": fact.unit,
        "period": fact.period,
        "scope": fact.scope,
        "standing": fact.standing,
        "source_count": fact.source_count,
        "superseded_by": fact.superseded_by.slug if fact.superseded_by else None,
        "disputed_by": [other.slug for other in fact.disputed_by.all()],
        "provenance": public_provenance(fact),
        "editors_note": fact.public_note,
        "published_at": timestamp(fact.published_at),
        "modified_at": timestamp(fact.modified_at),
        "citations": [citation_record(citation, absolute) for citation in fact.citations.all()],
    }


def fact_records(absolute):
    for fact in facts_queryset().iterator(chunk_size=CHUNK_SIZE):
        yield fact_record(fact, absolute)


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
    groups=(("The fact", FACT_COLUMNS), ("Each citation", CITATION_COLUMNS)),
    records=fact_records,
    count=lambda: Fact.objects.published().count(),
    rows=fact_rows,
)
