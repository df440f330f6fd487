"""What every download shares: its columns, described once, and the values common to several.

A dataset's columns are declared with their type and meaning; the CSV header is made from
them and the /data/ page describes them from the same declarations, so the file and its
description cannot drift apart. Values are JSON-ready (text, numbers, lists, objects,
``None``); :func:`csv_cell` flattens them for a CSV cell.
"""

import json
from dataclasses import dataclass, field

from django.db.models import Prefetch

from core.dates import DatePrecision, iso_partial_date
from core.provenance import provenance_entries
from facts.models import Citation

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
class Column:
    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class Dataset:
    """A download, as CSV and as JSON.

    ``records(absolute)`` yields one JSON object per item; ``rows(record)`` yields its CSV
    rows (one, or one per citation). ``groups`` are (heading, columns), in CSV order.
    """

    slug: str
    title: str
    noun: str
    description: str
    layout: str
    groups: tuple
    records: object
    count: object
    rows: object = field(default=lambda record: [record])

    @property
    def columns(self):
        return [column for _, columns in self.groups for column in columns]

    @property
    def fieldnames(self):
        return [column.name for column in self.columns]


#: The type of a date's precision column.
PRECISION = " | ".join(DatePrecision.values)


def csv_cell(value):
    """A JSON-ready value as CSV text: lists joined by ";", objects as JSON, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(csv_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value


def timestamp(value):
    return value.isoformat() if value is not None else None


def decimal_text(value):
    """A figure as plain decimal text ("890000000000", "3.5"): exact, unlike a float."""
    return None if value is None else f"{value.normalize():f}"


def public_provenance(obj):
    """The provenance markers readers see beside the values, keyed by field (never internal notes)."""
    markers = {}
    for name, entry in provenance_entries(obj).items():
        marker = {"basis": entry.basis.value}
        if entry.reason:
            marker["reason"] = entry.reason
        markers[name] = marker
    return markers


def citations_prefetch(lookup="citations"):
    """Published citations with their article and outlet, the article's long texts left unread."""
    citations = Citation.objects.for_display().defer(
        "article__body", "article__stripped", "article__summary", "article__usage_rights", "article__provenance"
    )
    return Prefetch(lookup, queryset=citations)


CITATION_COLUMNS = (
    Column("citation_id", "integer", "The citation's number; the passage's anchor on the article page is cite-<id>."),
    Column("passage_url", "URL", "The passage on the article page, highlighted (the article's address + #cite-<id>)."),
    Column("quote", "text", "The passage, verbatim as the source has it. It remains its publisher's."),
    Column("article_slug", "text", "The source's stable key on this site."),
    Column("article_title", "text", "The source's title."),
    Column("article_url", "URL", "The source's page on this site, with its full text."),
    Column("article_source_url", "URL", "Where the source was published originally; empty when not known."),
    Column("outlet", "text", "Who published the source; empty when the text does not show it."),
    Column(
        "article_date",
        "partial ISO date",
        'When the source was published, as precisely as known: "2024", "2024-05" or "2024-05-14"; empty when undated.',
    ),
    Column("article_date_precision", PRECISION, "The precision of article_date."),
    Column("speaker", "text", "Who the source says made the statement, as printed; empty when it names no one."),
    Column("speaker_role", "text", "The role the source gives the speaker, word for word."),
)


def citation_record(citation, absolute):
    article = citation.article
    return {
        "citation_id": citation.pk,
        "passage_url": absolute(citation.get_absolute_url()),
        "quote": citation.quote,
        "article_slug": article.slug,
        "article_title": article.title,
        "article_url": absolute(article.get_absolute_url()),
        "article_source_url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "article_date": iso_partial_date(article.published_on, article.published_precision),
        "article_date_precision": article.published_precision,
        "speaker": citation.speaker.name if citation.speaker else "",
        "speaker_role": citation.speaker_role,
    }


PROVENANCE_COLUMN = Column(
    "provenance",
    "object (JSON text in CSV)",
    'Where the values editors supplied come from, by field: {"value": {"basis": "inferred", "reason": "…"}}. '
    "Basis inferred (with the editors' reason) or editors (editors' knowledge, no source on this "
    "site). Fields not listed need no marker: quoted values stand on citations.",
)
EDITORS_NOTE_COLUMN = Column("editors_note", "text", "The editors' note readers see; usually empty.")
MODIFIED_COLUMN = Column("modified_at", "ISO 8601 date-time", "When the row last changed on this site.")
