"""How every list of the API is filtered, ordered and cut into pages.

Filters are the public pages' own FilterSets, their query parameters declared with the forms' limits
(a value of the wrong shape is a 422 before any FilterSet runs): a list in the API and on the site hold
the same rows. Pages are limit/offset in an order ending on a unique field: no row skipped or repeated.
"""

from typing import Annotated, Literal

from django.forms import ChoiceField, IntegerField, ModelChoiceField
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import create_model

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Far beyond any list of the site, and far below the databases' integer limits.
MAX_OFFSET = 1_000_000_000
SLUG = r"^[-a-zA-Z0-9_]+$"


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


class InvalidFilters(HttpError):
    def __init__(self, status_code, errors):
        super().__init__(status_code, f"Invalid filter values: {', '.join(sorted(errors))}.")
        self.errors = errors


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, at most {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    class Output(Schema):
        count: int = Field(description="Rows in the whole filtered list.")
        limit: int
        offset: int
        items: list

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "limit": pagination.limit, "offset": pagination.offset}


def parameters(filterset_class):
    """The FilterSet's filters as query parameters, each with its form field's limits."""
    fields = {}
    for name, declared in filterset_class.base_filters.items():
        field = declared.field
        description = declared.label
        if isinstance(field, ModelChoiceField):
            kind = Annotated[str, Field(pattern=SLUG)]
            description += ", by its slug"
        elif isinstance(field, ChoiceField):
            kind = Literal[tuple(value for value, _ in field.choices if value)]
        elif isinstance(field, IntegerField):
            kind = Annotated[int, Field(ge=field.min_value, le=field.max_value)]
        else:
            kind = Annotated[str, Field(max_length=field.max_length, pattern=r"^[^\x00]*$")]
        fields[name] = (kind | None, Field(None, description=description))
    return create_model(f"{filterset_class.__name__}Parameters", __base__=Schema, **fields)


def filtered(filterset_class, queryset, params, request):
    """A refused value is a 404 when it names no object to be seen (unknown or unpublished), else a 400."""
    data = params.model_dump(mode="json", exclude_none=True)
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        errors = filterset.form.errors.get_json_data()
        codes = {error["code"] for field_errors in errors.values() for error in field_errors}
        messages = {name: [error["message"] for error in field_errors] for name, field_errors in errors.items()}
        raise InvalidFilters(404 if codes == {"invalid_choice"} else 400, messages)
    return filterset.qs


def endpoints(router, name, *, about, schema, queryset, filterset, unique="slug", one=None, **detail):
    """``/<name>/``, a page at a time; with ``one`` (the noun), also ``/<name>/{slug}/``, with ``one_schema``'s
    columns from ``one_queryset()`` where the object alone shows more than the list."""

    @router.get(
        f"/{name}/",
        response={200: list[schema], 400: FilterErrors, 404: FilterErrors, 422: InvalidParameters},
        url_name=name,
        operation_id=f"list_{name}",
        summary=f"List the {name}",
        description=about,
        tags=[name],
    )
    @paginate(Pagination)
    def listing(request, params: Query[parameters(filterset)]):
        rows = filtered(filterset, queryset(), params, request)
        return rows.order_by(*(rows.query.order_by or rows.model._meta.ordering), unique)  # pages never overlap

    if one:

        @router.get(
            f"/{name}/{{slug}}/",
            response={200: detail.get("one_schema", schema), 404: Message, 422: InvalidParameters},
            url_name=one,
            operation_id=f"get_{one}",
            summary=f"One {one}",
            tags=[name],
        )
        def detail_view(
            request, slug: str = Path(..., pattern=SLUG, description="The slug, as in its page's address.")
        ):
            return get_object_or_404(detail.get("one_queryset", queryset)(), slug=slug)
