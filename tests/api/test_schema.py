"""The API answers as its own OpenAPI document says, for generated requests.

A short run of Schemathesis through the WSGI application, on the seed: every operation,
well-formed and malformed parameters, every built-in check. ``.ci/run`` runs a longer one
against a live server.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def wsgi_application():
    """The site's WSGI application, keeping the test's database connection open.

    A request's end closes the database connection (``close_old_connections``), which on
    PostgreSQL would close the connection that holds the test's transaction; Django's
    test client leaves the connection alone the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(site, mode, wsgi_application):
    """Well-formed requests are answered as documented; malformed ones are refused with a 4xx."""
    api_schema = schemathesis.openapi.from_wsgi(reverse("api:openapi-json"), wsgi_application)

    @given(case=api_schema.as_strategy(mode))
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate()

    answers_as_documented()


def test_schema_documents_every_endpoint_and_its_errors(client, site):
    document = client.get(reverse("api:openapi-json")).json()
    paths = document["paths"]
    assert {
        "/api/articles/",
        "/api/articles/{slug}/",
        "/api/countries/",
        "/api/countries/{slug}/",
        "/api/events/",
        "/api/events/{slug}/",
        "/api/facts/",
        "/api/facts/{slug}/",
        "/api/citations/",
    } <= set(paths)
    assert set(paths["/api/facts/"]["get"]["responses"]) == {"200", "400", "404", "422"}
    assert set(paths["/api/facts/{slug}/"]["get"]["responses"]) == {"200", "404", "422"}
    assert document["info"]["title"] == "SCO Reference API"
    assert "Drafts never appear" in document["info"]["description"]


def test_no_documentation_page_that_the_csp_would_break(client, site):
    """The Swagger page needs assets the Content-Security-Policy refuses: it is not served."""
    assert client.get("/api/docs").status_code == 404
