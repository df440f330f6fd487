import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from facts.models import Fact
from home.views import HomeView
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db

LISTS = ["articles:list", "countries:list", "events:list", "facts:list", "search:search"]

HOSTILE = [
    "unknown=1&utm_source=x",
    "page=99999999999999999999999999999",
    "page=-1",
    "page=abc",
    "page=%00",
    "year=99999999999999999999999999999",
    "year=1e309",
    "year=NaN",
    "year=2024-13-45",
    "year=-2024",
    "year=2024%00",
    "country=%00",
    "country=belarus%00",
    "outlet=" + "a" * 10240,
    "q=" + "x" * 10240,
    "q=%00",
    "q=%22%27%3B--%20OR%201%3D1",
    "q=NEAR(a%20b)%20AND%20*%20%22",
    "q=-%20%7C%20%26%20!",
    "kind=%3Cscript%3E",
    "kind=" + "k" * 10240,
    "standing=bogus&sco_status=nope",
    "o=bogus",
    "o=-title%00",
    "status=%FF%FE",
    "event=" + "%E2%80%8F" * 100,
    "topic=..%2F..%2Fetc%2Fpasswd",
    "country=a&country=b&country=c",
    "%00=%00",
    "page=2&year=2024&country=" + "z" * 10240,
]


@pytest.mark.slow  # hostile input on every list: make test-all
@pytest.mark.parametrize("name", LISTS)
def test_hostile_query_strings_never_cause_an_error(client, site, name):
    """Unknown keys, huge numbers, NUL bytes, bad dates and 10 kB values: a page, never a 500."""
    for query in HOSTILE:
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 200, query[:80]
        assert b"Sourcing policy" in response.content, query[:80]


@pytest.mark.parametrize(
    ("name", "query", "field"),
    [
        ("articles:list", "year=99999", "Year"),
        ("articles:list", "outlet=no-such-outlet", "Outlet"),
        ("events:list", "kind=party", "Kind"),
        ("facts:list", "standing=bogus", "Standing"),
        ("countries:list", "status=emperor", "Current status"),
        ("articles:list", "q=" + "x" * 300, "Text"),
    ],
)
def test_an_invalid_filter_is_reported_and_ignored(client, site, name, query, field):
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    text = text_of(response)
    assert "Some filters were not understood and have been ignored" in text
    assert f"{field} :" in text or f"{field}:" in text
    assert response.context["object_list"], "the rest of the list is still shown"


@pytest.mark.parametrize(
    ("name", "query", "described"),
    [
        ("facts:list", "country=nowhere", {"id_country_error"}),
        ("events:list", "year=abc", {"id_year_error"}),
        ("articles:list", "year=abc", {"id_year_error"}),
        ("home:map", "year=1990", {"id_year_error"}),
        ("search:search", "q=" + "x" * 10240, {"id_q_error"}),
        ("reports:report", None, {"id_problem_error"}),
    ],
)
def test_a_field_in_error_is_described_by_a_message_on_the_page(client, site, name, query, described):
    if query is None:  # an empty report
        response = client.post(reverse(name, args=["fact", Fact.objects.published().first().slug]), {"problem": ""})
    else:
        response = client.get(f"{reverse(name)}?{query}")
    page = parse(response)
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    refs = {ref for _, attrs in page.tags for ref in attrs.get("aria-describedby", "").split()}
    assert {ref for ref in refs if ref.endswith("_error")} == described
    assert refs <= ids


def test_search_reports_an_overlong_query(client, site):
    response = client.get(reverse("search:search"), {"q": "x" * 10240})
    assert response.status_code == 200
    assert "The search could not be run" in text_of(response)


def test_unknown_page_is_a_friendly_404_in_the_layout(client, site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Page not found" in text and "Sourcing policy" in text


def test_server_error_page_is_in_the_layout(client, site, monkeypatch):
    def explode(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomeView, "get_context_data", explode)
    client.raise_request_exception = False
    response = client.get(reverse("home:home"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Sourcing policy" in response.content


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "site.css" in html
