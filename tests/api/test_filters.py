"""The API's lists take the pages' filters and give the same rows; bad values are 4xx, never 500."""

import pytest
from django.urls import reverse

from facts.models import Fact

pytestmark = pytest.mark.django_db

SAME_AS_THE_PAGE = [
    ("facts", "facts:list", {"country": "china"}),
    ("facts", "facts:list", {"country": "china", "standing": "single_source"}),
    ("facts", "facts:list", {"topic": "membership"}),
    ("facts", "facts:list", {"sco_status": "member"}),
    ("events", "events:list", {"kind": "summit"}),
    ("events", "events:list", {"country": "china", "year": 2024}),
    ("articles", "articles:list", {"country": "belarus"}),
    ("articles", "articles:list", {"outlet": "tass"}),
    ("articles", "articles:list", {"q": "summit"}),
    ("articles", "articles:list", {"event": "astana-summit-2024"}),
]


@pytest.mark.parametrize(("name", "page", "params"), SAME_AS_THE_PAGE)
def test_filter_gives_the_pages_count(client, site, name, page, params):
    on_the_page = client.get(reverse(page), params).context["page_obj"].paginator.count
    in_the_api = client.get(reverse(f"api:{name}"), params).json()["count"]
    assert in_the_api == on_the_page
    assert 0 < in_the_api < client.get(reverse(f"api:{name}")).json()["count"]


def test_country_status_filter_gives_the_pages_countries(client, site):
    page = client.get(reverse("countries:list"), {"status": "member"})
    on_the_page = sorted(country.slug for country in page.context["object_list"])
    items = client.get(reverse("api:countries"), {"status": "member"}).json()["items"]
    assert sorted(country["slug"] for country in items) == on_the_page
    assert all(country["current_status"] == "member" for country in items)


def test_filtered_facts_are_the_pages_facts(client, site):
    params = {"country": "china"}
    on_the_page = client.get(reverse("facts:list"), params).context["filter"].qs.values_list("slug", flat=True)
    items = client.get(reverse("api:facts"), {**params, "limit": 100}).json()["items"]
    assert [fact["slug"] for fact in items] == sorted(on_the_page)


def test_citations_by_fact(client, site):
    fact = Fact.objects.published().filter(citations__isnull=False).first()
    items = client.get(reverse("api:citations"), {"fact": fact.slug}).json()["items"]
    assert {citation["citation_id"] for citation in items} == set(
        fact.citations.published().values_list("pk", flat=True)
    )
    assert {citation["fact"] for citation in items} == {fact.slug}


def test_unknown_slug_is_404_naming_the_filter(client, site):
    response = client.get(reverse("api:facts"), {"country": "atlantis"})
    assert response.status_code == 404
    body = response.json()
    assert "country" in body["detail"]
    assert list(body["errors"]) == ["country"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("events", {"year": "twenty"}),
        ("events", {"year": "1066"}),
        ("events", {"kind": "party"}),
        ("facts", {"standing": "certain"}),
        ("facts", {"country": "no/such"}),
        ("facts", {"sco_status": "founding"}),
        ("countries", {"status": "friend"}),
        ("articles", {"o": "popularity"}),
        ("articles", {"q": "x" * 201}),
        ("articles", {"q": "nul\x00byte"}),
        ("articles", {"year": "2024-05"}),
        ("facts", {"limit": "0"}),
        ("facts", {"limit": "101"}),
        ("facts", {"limit": "ten"}),
        ("facts", {"offset": "-1"}),
        ("facts", {"offset": str(10**30)}),
    ],
)
def test_malformed_parameter_is_422_with_a_message(client, site, name, params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", next(iter(params))]
    assert error["msg"]


@pytest.mark.parametrize("slug", ["no such", "x.y", "ü"])
def test_malformed_slug_is_422(client, site, slug):
    assert client.get(reverse("api:facts") + f"{slug}/").status_code == 422


def test_unknown_parameters_change_nothing(client, site):
    plain = client.get(reverse("api:facts")).json()
    tagged = client.get(reverse("api:facts"), {"utm_source": "feed", "page": "7"}).json()
    assert tagged == plain


def test_pages_are_bounded_and_cover_the_list_once(client, site):
    first = client.get(reverse("api:facts")).json()
    assert (first["limit"], first["offset"], len(first["items"])) == (20, 0, 20)
    assert len(client.get(reverse("api:facts"), {"limit": 100}).json()["items"]) == min(100, first["count"])
    slugs = []
    for offset in range(0, first["count"], 7):
        slugs += [
            fact["slug"] for fact in client.get(reverse("api:facts"), {"limit": 7, "offset": offset}).json()["items"]
        ]
    assert slugs == sorted(set(slugs))
    assert len(slugs) == first["count"]
    beyond = client.get(reverse("api:facts"), {"offset": first["count"] + 5}).json()
    assert beyond["items"] == [] and beyond["count"] == first["count"]


@pytest.mark.parametrize("order", ["date", "-date", "title", "-title"])
def test_article_orders_page_without_overlap(client, site, order):
    seen = []
    count = client.get(reverse("api:articles")).json()["count"]
    for offset in range(count):
        [item] = client.get(reverse("api:articles"), {"o": order, "limit": 1, "offset": offset}).json()["items"]
        seen.append(item["slug"])
    assert len(set(seen)) == count
