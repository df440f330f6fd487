"""One description of each public column: its name, type, meaning and how its value is read.

The download files, the /data/ page, the data package and the API's schemas are all made from
these declarations. Values are JSON-ready; :func:`csv_cell` flattens one for a CSV cell.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Literal, get_args

from django.db.models import Manager, Model
from django_countries.fields import Country as CountryCode
from ninja import Schema
from pydantic import Field, create_model, model_validator
from typing_extensions import Required, TypedDict

from articles.models import Outlet
from core.dates import DatePrecision, iso_partial_date
from core.provenance import Basis, provenance_entries
from countries.models import SCOStatus
from events.models import EventKind
from facts.models import Qualifier, Standing, Support
from people.models import Attribution

WORDS = {str: "text", str | None: "text", int: "integer", int | None: "integer", bool: "boolean"}
DATE = "partial ISO date"
DATE_TIME = "ISO 8601 date-time"
ISO_CODES = "list of ISO 3166-1 alpha-2 codes"


def choices(annotation):
    """The values an enumeration, or an optional one, allows; or None."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    return next(filter(None, map(choices, get_args(annotation))), None)


@dataclass(frozen=True)
class Column:
    """``get(obj, absolute)`` reads the value, or ``get`` is a path of attributes (:func:`read`); by default
    the attribute of the column's name."""

    name: str
    meaning: str
    type: Any = str
    words: str = ""
    get: Callable | str | None = None

    @property
    def type_words(self):
        """As the /data/ page says it: ``words``, else "text", "integer", "a | b | c"."""
        if self.words:
            return self.words
        values = choices(self.type)
        return " | ".join(values) if values else WORDS[self.type]

    def value(self, obj, absolute):
        return self.get(obj, absolute) if callable(self.get) else read(obj, self.get or self.name)


def read(obj, path):
    """The attribute ``path`` ("article.title"), JSON-ready: None once a step is None, a list through a
    to-many relation ("topics.slug"), a date-time in ISO 8601, a country by its code."""
    name, _, rest = path.partition(".")
    value = getattr(obj, name)
    if isinstance(value, Manager):
        return [read(related, rest) for related in value.all()]
    if rest:
        return None if value is None else read(value, rest)
    if isinstance(value, datetime):
        return value.isoformat()
    return (str(value) or None) if isinstance(value, CountryCode) else value


def record(columns, obj, absolute):
    return {column.name: column.value(obj, absolute) for column in columns}


def via(relation, columns, names):
    """The ``columns`` of the related row ``relation`` (a citation's article), renamed ``{theirs: ours}``."""

    def through(column, name):
        return replace(column, name=name, get=lambda obj, absolute: column.value(getattr(obj, relation), absolute))

    by_name = {column.name: column for column in columns}
    return tuple(through(by_name[theirs], ours) for theirs, ours in names.items())


class Row(Schema):
    # Replaces ninja's validator of this name, which reads an object attribute by attribute.
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, data, handler, info):
        if isinstance(data, Model):
            base = info.context["request"].build_absolute_uri("/").removesuffix("/")  # the host checked once
            data = record(cls.columns, data, lambda path: base + path)
        return handler(data)


def schema(name, columns):
    fields = {column.name: (column.type, Field(description=column.meaning)) for column in columns}
    return create_model(name, __base__=Row, columns=(ClassVar[tuple], tuple(columns)), **fields)


def csv_cell(value):
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
    date, precision = f"{prefix}_date", f"{prefix}_precision"
    return (
        Column(date, meaning, str | None, DATE, partial_date(date, precision)),
        Column(precision, f"The precision of {date}.", DatePrecision),
    )


class Marker(TypedDict, total=False):
    basis: Required[Basis]
    reason: str


def public_provenance(obj, absolute=None):
    """The provenance markers readers see beside the values, by field (never internal notes)."""
    return {
        name: {"basis": entry.basis.value, **({"reason": entry.reason} if entry.reason else {})}
        for name, entry in provenance_entries(obj).items()
    }


PROVENANCE_MEANING = (
    'Where the values editors supplied come from, by field: {"value": {"basis": "inferred", "reason": "…"}}. '
    "Basis inferred (with the editors' reason), editors (editors' knowledge, no source on this site) or "
    "metadata (read from the source page's own metadata, saying where). "
    "A value quoted from a source is in the citations instead; fields not listed need no marker."
)
PROVENANCE_COLUMN = Column(
    "provenance", PROVENANCE_MEANING, dict[str, Marker], "object (JSON text in CSV)", public_provenance
)
EDITORS_NOTE_COLUMN = Column("editors_note", "The editors' note readers see; usually empty.", get="public_note")
MODIFIED_COLUMN = Column("modified_at", "When the row last changed on this site.", str | None, DATE_TIME)


def published_column(noun):
    return Column("published_at", f"When the {noun} was first published on this site.", str | None, DATE_TIME)


OUTLET_FIELDS = {"name": "outlet", "kind": "outlet_kind", "country": "outlet_country"}  # as the article's columns


def article_provenance(article, absolute):
    """The article's markers, with its outlet's under the article's column names."""
    outlet = public_provenance(article.outlet) if article.outlet else {}
    return {**{OUTLET_FIELDS[name]: entry for name, entry in outlet.items()}, **public_provenance(article)}


# fmt: off
ARTICLE_COLUMNS = (
    Column("slug", "The source's stable key on this site."),
    Column("url", "The source's page on this site: its full text, the cited passages highlighted.", words="URL",
           get=page_url),
    Column("title", "The source's title."),
    Column("source_url", "Where the source was published originally; empty when not known.", words="URL",
           get="url"),
    Column("outlet", "Who published the source; empty when the text does not show it.", str | None,
           get="outlet.name"),
    Column("outlet_kind", "What kind of publisher it is.", Outlet.Kind | None, get="outlet.kind"),
    Column("outlet_country", "Where the outlet is based, if known.", str | None, get="outlet.country"),
    Column("byline", "The author as printed; never guessed."),
    Column("date", 'When the source was published, as precisely as known: "2024", "2024-05" or "2024-05-14"; '
           "empty when undated.", str | None, DATE, partial_date("published_on", "published_precision")),
    Column("date_precision", "The precision of the date.", DatePrecision, get="published_precision"),
    Column("language", "The language of the text, as a language code."),
    Column("summary", "The editors' summary, in their words."),
    Column("usage_rights", "What the publisher allows, as stated in the source."),
    Column("image_url", "The lead image; null when there is none.", str | None,
           get=lambda article, absolute: absolute(article.image.url) if article.image else None),
    Column("image_alt", "The lead image's text alternative."),
    Column("image_credit", "Who made the lead image."),
    Column("image_rights", "What its owner allows."),
    Column("topics", "The article's topics.", list[str], "list of topic slugs", "topics.slug"),
    Column("countries", "The countries it mentions.", list[str], ISO_CODES, "countries.iso_code"),
    Column("events", "The published events it mentions.", list[str], "list of event slugs", "events.slug"),
    replace(PROVENANCE_COLUMN, meaning=PROVENANCE_MEANING + " The outlet's markers are under outlet, outlet_kind "
            "and outlet_country.", get=article_provenance),
    EDITORS_NOTE_COLUMN,
    published_column("article"),
    MODIFIED_COLUMN,
)
BODY_COLUMN = Column("body", "The text exactly as published; every citation quotes it verbatim.")

CITATION_COLUMNS = (
    Column("citation_id", "The citation's number; the passage's anchor on the article page is cite-<id>.", int,
           get="pk"),
    Column("passage_url", "The passage on the article page, highlighted (the article's address + #cite-<id>).",
           words="URL", get=page_url),
    Column("quote", "The passage, verbatim as the source has it. It remains its publisher's."),
    *via("article", ARTICLE_COLUMNS, {"slug": "article_slug", "title": "article_title", "url": "article_url",
         "source_url": "article_source_url", "outlet": "outlet", "date": "article_date",
         "date_precision": "article_date_precision"}),
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
FACT_SLUG_COLUMN = Column("fact", "The slug of the fact the passage states.", get="fact.slug")  # the API's citations


def passages(read):
    return lambda obj, absolute: [record(CITATION_COLUMNS, citation, absolute) for citation in read(obj)]


# fmt: off
FACT_COLUMNS = (
    Column("slug", "The fact's stable key."),
    Column("url", "The fact's page, with its sources and their passages.", words="URL", get=page_url),
    Column("statement", "The claim, in the editors' words."),
    Column("topic", "The fact's topic; empty when it has none.",
           get=lambda fact, _: fact.topic.name if fact.topic else ""),
    Column("countries", "The countries the fact is about.", list[str], ISO_CODES, "countries.iso_code"),
    Column("events", "The events the fact is about (see the events file).", list[str], "list of event slugs",
           "events.slug"),
    Column("value", "For a figure, the number alone (exact, unrounded); empty otherwise.", str | None,
           "decimal number as text",  # "890000000000", "3.5": exact, unlike a float
           lambda fact, _: None if fact.value is None else f"{fact.value.normalize():f}"),
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
    Column("disputed_by", "Facts that contradict this one.", list[str], "list of fact slugs", "disputed_by.slug"),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("fact"),
    MODIFIED_COLUMN,
)
CITATIONS_COLUMN = Column("citations", "The published passages that state the fact, oldest source first.",
                          list[CITATION], get=passages(lambda fact: fact.citations.all()))


def deciding_event(read):
    """``read(event)`` of the event that decided the status, when its page is public."""
    return lambda row, absolute: read(row.decided_at) if row.decided_at and row.decided_at.is_published else None


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
STATUS = schema("Status", PERIOD_COLUMNS)

COUNTRY_COLUMNS = (
    Column("slug", "The country's key; its page is /countries/<slug>/."),
    Column("url", "The country's page on this site.", words="URL", get=page_url),
    Column("name", "The country's short English name."),
    Column("iso_alpha2", "The country's two-letter code.", words="ISO 3166-1 alpha-2 code", get="iso_code"),
    Column("iso_alpha3", "The country's three-letter code.", words="ISO 3166-1 alpha-3 code"),
    Column("region", "Its region, e.g. Central Asia."),
    Column("current_status", "The status the country holds now (the open period of its history); null when none.",
           SCOStatus | None, get="current_status_row.status"),
    Column("statuses", "The SCO status history, oldest first.", list[STATUS],
           get=lambda country, absolute: [record(PERIOD_COLUMNS, row, absolute) for row in country.statuses.all()]),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
)
COUNTRY_OF_PERIOD_COLUMNS = via("country", COUNTRY_COLUMNS, {"name": "country", "slug": "country_slug",
                                "iso_alpha2": "iso_alpha2", "iso_alpha3": "iso_alpha3"})

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
           "host_country.iso_code"),
    Column("chair", "Who chaired, as the sources name them."),
    Column("participants", "The countries taking part.", list[str], ISO_CODES, "participants.iso_code"),
    Column("description", "What happened, in the editors' words."),
    Column("outcomes", "What it decided or produced, in the editors' words."),
    Column("topics", "The event's topics.", list[str], "list of topic slugs", "topics.slug"),
    PROVENANCE_COLUMN,
    EDITORS_NOTE_COLUMN,
    published_column("event"),
    MODIFIED_COLUMN,
)
# fmt: on
