"""One description of each public column: its name, type, meaning and how to read its value.

Declared once (:mod:`opendata.datasets`, :mod:`api.resources`), a column makes the download
files, the /data/ page's tables and the API's schemas: a value is read by one function,
whoever shows it. Values are JSON-ready; :func:`csv_cell` flattens them for a CSV cell.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, get_args, get_origin

from django.db.models import Model, Prefetch
from ninja import Schema
from pydantic import Field, create_model, model_validator
from typing_extensions import Required, TypedDict

from core.dates import DatePrecision, iso_partial_date
from core.provenance import Basis, provenance_entries
from facts.models import Citation, Support
from people.models import Attribution

WORDS = {str: "text", int: "integer", bool: "boolean"}
DATE = "partial ISO date"
DATE_TIME = "ISO 8601 date-time"
ISO_CODES = "list of ISO 3166-1 alpha-2 codes"


def type_words(annotation):
    """The type as the /data/ page says it: "text", "integer", "a | b | c", "list of text"."""
    if get_origin(annotation) is list:
        return "list of " + type_words(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " | ".join(member.value for member in annotation)
    if options := [option for option in get_args(annotation) if option is not type(None)]:
        return type_words(options[0])
    return WORDS[annotation]


@dataclass(frozen=True)
class Column:
    """A public column. ``get(obj, absolute)`` reads its value, or ``get`` is a path of attributes
    ("article.title", None when a step is None); by default the attribute of the column's name."""

    name: str
    meaning: str
    type: Any = str
    words: str = ""
    get: Callable | None = None

    @property
    def type_words(self):
        return self.words or type_words(self.type)

    def value(self, obj, absolute):
        if callable(self.get):
            return self.get(obj, absolute)
        for name in (self.get or self.name).split("."):
            obj = None if obj is None else getattr(obj, name)
        return obj


def record(columns, obj, absolute):
    return {column.name: column.value(obj, absolute) for column in columns}


def absolute_urls(request):
    """Turns a path into an absolute URL without re-validating the host for every row."""
    base = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: base + path


class Row(Schema):
    """A resource as the API answers it: its columns, each read by its own function."""

    columns: ClassVar[tuple] = ()

    # Replaces ninja's validator of this name, which reads an object attribute by attribute.
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, data, handler, info):
        if isinstance(data, Model):
            data = record(cls.columns, data, absolute_urls(info.context["request"]))
        return handler(data)


def schema(name, columns):
    """The API's model of a resource: a field per column, described by its meaning."""
    fields = {column.name: (column.type, Field(description=column.meaning)) for column in columns}
    model = create_model(name, __base__=Row, **fields)
    model.columns = tuple(columns)
    return model


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


def page_url(obj, absolute):
    return absolute(obj.get_absolute_url())


def partial_date(date, precision):
    return lambda obj, absolute: iso_partial_date(getattr(obj, date), getattr(obj, precision))


def dated(prefix, meaning):
    """``<prefix>_date``, a partial ISO date, and its ``<prefix>_precision``."""
    date, precision = f"{prefix}_date", f"{prefix}_precision"
    return (
        Column(date, meaning, str | None, DATE, partial_date(date, precision)),
        Column(precision, f"The precision of {date}.", DatePrecision),
    )


def timestamp(name):
    return lambda obj, absolute: value.isoformat() if (value := getattr(obj, name)) else None


def slugs(relation):
    return lambda obj, absolute: [related.slug for related in getattr(obj, relation).all()]


def iso_codes(relation):
    return lambda obj, absolute: [str(country.iso_code) for country in getattr(obj, relation).all()]


class Marker(TypedDict, total=False):
    basis: Required[Basis]
    reason: str


def public_provenance(obj, absolute=None):
    """The provenance markers readers see beside the values, keyed by field (never internal notes)."""
    return {
        name: {"basis": entry.basis.value, **({"reason": entry.reason} if entry.reason else {})}
        for name, entry in provenance_entries(obj).items()
    }


def citations_prefetch(lookup="citations"):
    """Published citations with their article and outlet, the article's long texts left unread."""
    long_texts = ("body", "stripped", "summary", "usage_rights", "provenance")
    citations = Citation.objects.for_display().defer(*(f"article__{name}" for name in long_texts))
    return Prefetch(lookup, queryset=citations)


def article_date(citation, absolute):
    return iso_partial_date(citation.article.published_on, citation.article.published_precision)


# fmt: off
CITATION_COLUMNS = (
    Column("citation_id", "The citation's number; the passage's anchor on the article page is cite-<id>.", int,
           get="pk"),
    Column("passage_url", "The passage on the article page, highlighted (the article's address + #cite-<id>).",
           words="URL", get=page_url),
    Column("quote", "The passage, verbatim as the source has it. It remains its publisher's."),
    Column("article_slug", "The source's stable key on this site.", get="article.slug"),
    Column("article_title", "The source's title.", get="article.title"),
    Column("article_url", "The source's page on this site, with its full text.", words="URL",
           get=lambda citation, absolute: page_url(citation.article, absolute)),
    Column("article_source_url", "Where the source was published originally; empty when not known.", words="URL",
           get="article.url"),
    Column("outlet", "Who published the source; empty when the text does not show it.",
           get=lambda citation, _: citation.article.outlet.name if citation.article.outlet else ""),
    Column("article_date", 'When the source was published, as precisely as known: "2024", "2024-05" or '
           '"2024-05-14"; empty when undated.', str | None, DATE, article_date),
    Column("article_date_precision", "The precision of article_date.", DatePrecision,
           get="article.published_precision"),
    Column("supports", "Whether the passage states the whole statement or only part of it (a part is not "
           "counted as a source).", Support),
    Column("speaker", "Who the source says made the statement (or, with attribution about, whom the passage is "
           "about), as printed; empty when it names no one.",
           get=lambda citation, _: citation.speaker.name if citation.speaker else ""),
    Column("attribution", "said: the passage gives the speaker's words; about: the source's words about them.",
           Attribution),
    Column("speaker_role", "The role the source gives the speaker, word for word."),
)
# fmt: on
CITATION = schema("Citation", CITATION_COLUMNS)


def passages(read):
    """The citations ``read(obj)`` gives, each with the citation columns."""
    return lambda obj, absolute: [record(CITATION_COLUMNS, citation, absolute) for citation in read(obj)]


PROVENANCE_COLUMN = Column(
    "provenance",
    'Where the values editors supplied come from, by field: {"value": {"basis": "inferred", "reason": "…"}}. '
    "Basis inferred (with the editors' reason), editors (editors' knowledge, no source on this site) or "
    "metadata (read from the source page's own metadata, saying where). "
    "A value quoted from a source is in the citations instead; fields not listed need no marker.",
    dict[str, Marker],
    "object (JSON text in CSV)",
    public_provenance,
)
EDITORS_NOTE_COLUMN = Column("editors_note", "The editors' note readers see; usually empty.", get="public_note")
MODIFIED_COLUMN = Column(
    "modified_at", "When the row last changed on this site.", str | None, DATE_TIME, timestamp("modified_at")
)


def published_column(noun):
    meaning = f"When the {noun} was first published on this site."
    return Column("published_at", meaning, str | None, DATE_TIME, timestamp("published_at"))
