"""The pieces every resource of the API shares: dates with their precision, provenance
markers, short references to related objects, error bodies.

The schemas are explicit so that the OpenAPI document says exactly what a response
holds. Values come from the models as they are; the only thing computed here is how a
value is written (a partial date in ISO form, a figure as exact decimal text, an
absolute address), never the value itself.
"""

from ninja import Field, Path, Schema

from core.dates import DatePrecision, format_partial_date, iso_partial_date
from core.filtering import YearField
from core.provenance import Basis, provenance_entries

#: What a slug may hold (Django's ``SlugField``); anything else is refused before any query.
SLUG = r"^[-a-zA-Z0-9_]+$"
#: Text filters take any text but the NUL character, which no database column holds.
TEXT = r"^[^\x00]*$"
#: The years the pages' year filters accept.
YEARS = (YearField().min_value, YearField().max_value)


def slug_in_path():
    """A detail endpoint's ``{slug}``."""
    return Path(..., pattern=SLUG, description="The object's slug, as in its page's address.")


def absolute(context, path):
    """``path`` as an absolute URL on the host the request came to."""
    return context["request"].build_absolute_uri(path)


def page_url(obj, context):
    return absolute(context, obj.get_absolute_url())


class Message(Schema):
    detail: str


class FilterErrors(Schema):
    """Filter values the page's FilterSet refused, with its messages by filter."""

    detail: str
    errors: dict[str, list[str]]


class InvalidParameter(Schema):
    loc: list[str | int] = Field(description="Where: the part of the request, then the parameter.")
    msg: str
    type: str


class InvalidParameters(Schema):
    """Parameters of the wrong shape (a word for a year, a limit over the maximum)."""

    detail: list[InvalidParameter]


#: The error answers of a list and of a detail endpoint.
LIST_ERRORS = {400: FilterErrors, 404: FilterErrors, 422: InvalidParameters}
DETAIL_ERRORS = {404: Message, 422: InvalidParameters}


class PartialDate(Schema):
    """A date as precisely as the sources give it."""

    date: str | None = None
    precision: DatePrecision
    text: str

    @classmethod
    def of(cls, value, precision):
        return cls(
            date=iso_partial_date(value, precision), precision=precision, text=format_partial_date(value, precision)
        )


class ProvenanceMarker(Schema):
    """Where a value the editors supplied comes from: inferred, or editors' knowledge (quoted values are citations)."""

    basis: Basis
    label: str
    reason: str = ""


def public_provenance(obj, context):
    """The markers readers see beside the values, by field (the internal notes never)."""
    markers = {}
    for field, entry in provenance_entries(obj).items():
        markers[field] = ProvenanceMarker(basis=entry.basis, label=entry.label, reason=entry.reason)
    return markers


class Sourced(Schema):
    """What every row with editor-supplied values carries: its provenance and the editors' note."""

    provenance: dict[str, ProvenanceMarker]
    editors_note: str

    @staticmethod
    def resolve_provenance(obj, context):
        return public_provenance(obj, context)

    @staticmethod
    def resolve_editors_note(obj):
        return obj.public_note


class TopicRef(Schema):
    slug: str
    name: str


class CountryRef(Schema):
    slug: str
    name: str
    iso_code: str
    url: str

    @staticmethod
    def resolve_iso_code(obj):
        return str(obj.iso_code)

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)


class EventRef(Schema):
    slug: str
    title: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)


class FactRef(Schema):
    slug: str
    statement: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return page_url(obj, context)
