"""The read-only JSON API and its OpenAPI document. No interactive documentation page: django-ninja's
(Swagger UI) needs assets our Content-Security-Policy does not allow."""

from django.urls import reverse
from ninja import NinjaAPI, Schema

from .listing import InvalidFilters
from .resources import router

DESCRIPTION = """\
Read-only access to what the site's pages show: published articles (the sources, stored
verbatim), countries with their SCO status history, events, facts and the citations that
support them. Drafts never appear. Facts, events, status periods and citations have the
columns of the downloads on /data/, by the same names, with the same values.

Every fact carries its citations, each with the verbatim quote and `passage_url`, the
address of the highlighted passage on the article page. Values the editors supplied carry
their provenance by field: `inferred` (with the editors' reason), `editors` (editors'
knowledge, no source on the site) or `metadata` (read from the source page's metadata); a
value quoted from a source is a citation. Dates are partial ISO dates with their precision
(`day`, `month`, `year`, `unknown`), as the sources give them; related objects are named by their slug or ISO code.

Lists take the same filters as the pages, and `limit` (at most 100) and `offset`; they
are in a stable order. A filter naming no published object answers 404, a malformed
parameter 422, each with a message.
"""

api = NinjaAPI(
    title="SCO Reference API",
    version="2.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
)
api.add_router("", router)


@api.exception_handler(InvalidFilters)
def invalid_filters(request, exc):
    return api.create_response(request, {"detail": exc.message, "errors": exc.errors}, status=exc.status_code)


class Index(Schema):
    title: str
    description: str
    version: str
    openapi: str
    endpoints: dict[str, str]


@api.get("/", response=Index, url_name="index", tags=["index"])
def index(request):
    """What the API offers, and where its OpenAPI document is."""
    lists = ("articles", "countries", "events", "facts", "citations")
    return {
        "title": api.title,
        "description": api.description,
        "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "endpoints": {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in lists},
    }
