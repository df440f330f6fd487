import csv
import io
import json
import re

import pytest
from django.urls import reverse

from core.changes import content_changed
from core.structured import LICENCE
from core.version import content_version
from countries.models import CountryStatus
from events.models import Event
from facts.models import Citation, Fact
from opendata.columns import CITATION_COLUMNS
from opendata.datasets import DATASETS
from tests.content import make_fact
from tests.opendata.conftest import absolute, body_of

FILES = [(slug, extension) for slug in DATASETS for extension in ("csv", "json")]


def download(client, slug, extension, **extra):
    response = client.get(reverse(f"opendata:{extension}", kwargs={"slug": slug}), **extra)
    assert response.status_code == 200
    return response, body_of(response).decode()


def csv_rows(client, slug):
    response, text = download(client, slug, "csv")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == DATASETS[slug].fieldnames
    return list(reader)


def json_items(client, slug):
    response, text = download(client, slug, "json")
    data = json.loads(text)
    assert data["content_version"] == content_version()
    assert data["licence"] == LICENCE
    assert data["generated"]
    return data[slug.replace("-", "_")]


def published_facts():
    return dict(Fact.objects.published().values_list("slug", "statement"))


def published_quotes():
    """(fact slug, quote, passage URL) of every citation a reader can follow."""
    return {
        (citation.fact.slug, citation.quote, absolute(f"{citation.article.get_absolute_url()}#cite-{citation.pk}"))
        for citation in Citation.objects.published().select_related("fact", "article")
    }


def test_facts_csv_parses_back_to_the_published_facts_and_their_quotes(client, drafts):
    rows = csv_rows(client, "facts")
    assert {row["slug"]: row["statement"] for row in rows} == published_facts()
    quoted = {(row["slug"], row["quote"], row["passage_url"]) for row in rows if row["citation_id"]}
    assert quoted == published_quotes()
    assert len(quoted) == len([row for row in rows if row["citation_id"]])  # one row per citation
    assert "draft-fact" not in {row["slug"] for row in rows}
    assert "A draft" not in {row["quote"] for row in rows}  # a published fact's quote from a draft article


def test_facts_json_nests_the_citations_of_each_published_fact(client, drafts):
    facts = json_items(client, "facts")
    assert {fact["slug"]: fact["statement"] for fact in facts} == published_facts()
    quoted = {(fact["slug"], c["quote"], c["passage_url"]) for fact in facts for c in fact["citations"]}
    assert quoted == published_quotes()
    expected_keys = {column.name for column in DATASETS["facts"].groups[0][1]} | {"citations"}
    assert all(set(fact) == expected_keys for fact in facts)


def test_a_fact_row_gives_figure_dates_with_precision_and_public_provenance_only(client, drafts):
    fact = drafts["doubled"]
    Fact.objects.filter(pk=fact.pk).update(
        value="890000000000.000",
        value_qualifier="over",
        unit="USD",
        period="2024",
        scope="Trade with SCO countries",
        provenance={"value": {"basis": "inferred", "reason": "Added up from two figures."}},
        note="Internal: check with the desk.",
        public_note="Readers' note.",
    )
    csv_row = next(row for row in csv_rows(client, "facts") if row["slug"] == fact.slug)
    record = next(item for item in json_items(client, "facts") if item["slug"] == fact.slug)
    for row in (csv_row, record):
        assert row["value"] == "890000000000"
        assert (row["value_qualifier"], row["unit"], row["period"]) == ("over", "USD", "2024")
        assert row["standing"] == "disputed"
        assert row["editors_note"] == "Readers' note."
    assert record["disputed_by"] == ["trade-rose-a-third"]
    assert csv_row["disputed_by"] == "trade-rose-a-third"
    assert record["provenance"] == {"value": {"basis": "inferred", "reason": "Added up from two figures."}}
    assert json.loads(csv_row["provenance"]) == record["provenance"]
    citation = record["citations"][0]
    assert (citation["article_slug"], citation["outlet"]) == ("overlapping-passages", "Test Wire")
    assert (citation["article_date"], citation["article_date_precision"]) == ("2025-06-03", "day")
    _, text = download(client, "facts", "csv")
    assert "Internal: check with the desk." not in text


def test_a_fact_no_published_source_states_has_one_row_without_a_citation(client, seed):
    fact = make_fact("unsourced-claim", "A claim no source states yet.", unsourced_ok=True)
    rows = [row for row in csv_rows(client, "facts") if row["slug"] == fact.slug]
    assert len(rows) == 1
    assert rows[0]["standing"] == "unsourced"
    assert all(rows[0][column.name] == "" for column in CITATION_COLUMNS)
    record = next(item for item in json_items(client, "facts") if item["slug"] == fact.slug)
    assert record["citations"] == []


def test_an_undated_source_has_an_empty_date(client, seed):
    rows = [row for row in csv_rows(client, "facts") if row["article_date_precision"] == "unknown"]
    assert rows
    assert all(row["article_date"] == "" for row in rows)
    undated = [
        c
        for fact in json_items(client, "facts")
        for c in fact["citations"]
        if c["article_date_precision"] == "unknown"
    ]
    assert all(citation["article_date"] is None for citation in undated)


def test_status_history_lists_every_period_with_its_sources(client, seed):
    rows = csv_rows(client, "country-statuses")
    records = json_items(client, "country-statuses")
    history = CountryStatus.objects.select_related("country", "fact")
    assert {(row["iso_alpha2"], row["status"]) for row in rows} == {
        (str(r.country.iso_code), r.status) for r in history
    }
    assert len(rows) == len(records) == history.count()
    sourced = next(r for r in history if r.fact and r.fact.is_published and r.fact.citations.published().exists())
    record = next(r for r in records if (r["country_slug"], r["status"]) == (sourced.country.slug, sourced.status))
    passages = {absolute(c.get_absolute_url()) for c in sourced.fact.citations.published().select_related("article")}
    assert {source["passage_url"] for source in record["sources"]} == passages
    assert record["fact"] == sourced.fact.slug
    row = next(r for r in rows if (r["country_slug"], r["status"]) == (sourced.country.slug, sourced.status))
    assert set(row["sources"].split(";")) == passages
    assert row["current"] in ("true", "false")


def test_events_files_list_the_published_events(client, drafts):
    published = set(Event.objects.published().values_list("slug", flat=True))
    assert {row["slug"] for row in csv_rows(client, "events")} == published
    assert {event["slug"] for event in json_items(client, "events")} == published
    assert "draft-event" not in published


@pytest.mark.parametrize(("slug", "extension"), FILES)
def test_each_file_is_stamped_with_the_version_and_the_licence(client, seed, slug, extension):
    response, _ = download(client, slug, extension)
    version = content_version()
    assert response["Content-Disposition"] == f'attachment; filename="sco-reference-{slug}-{version}.{extension}"'
    assert response["X-Content-Version"] == version
    assert f'<{LICENCE["url"]}>; rel="license"' in response["Link"]
    assert response["ETag"] == f'"{version}"'
    again = client.get(response.wsgi_request.path, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert (again["ETag"], again["Cache-Control"]) == (response["ETag"], "no-cache")


def test_an_unknown_dataset_is_not_found(client, seed):
    assert client.get("/data/secrets.csv").status_code == 404
    assert client.get("/data/secrets.json").status_code == 404


def test_downloads_are_never_served_stale_by_the_page_cache(
    client, seed, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    response, _ = download(client, "facts", "csv")
    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "no-cache"
    again = client.get(response.wsgi_request.path, headers={"if-none-match": response["ETag"]})
    assert (again.status_code, again["Cache-Control"]) == (304, "no-cache")
    with django_capture_on_commit_callbacks(execute=True):
        fact = make_fact("published-after-download", "A fact published after the download.")
        content_changed(Fact, [fact.pk])
    fresh = client.get(response.wsgi_request.path, headers={"if-none-match": response["ETag"]})
    assert fresh.status_code == 200
    assert fresh["ETag"] != response["ETag"]
    assert fact.slug in {row["slug"] for row in csv.DictReader(io.StringIO(body_of(fresh).decode()))}


def structured_data(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_data_page_describes_every_column_of_every_file(client, seed):
    response = client.get(reverse("opendata:data"))
    assert response.status_code == 200
    page = response.content.decode()
    for dataset in DATASETS.values():
        for name in dataset.fieldnames:
            assert f"<code>{name}</code></th>" in page
        for extension in ("csv", "json"):
            assert f'href="{reverse(f"opendata:{extension}", kwargs={"slug": dataset.slug})}"' in page
    assert content_version() in page
    assert "CC BY 4.0" in page
    assert "Quotes remain their publishers'" in page.replace("&#x27;", "'")


def test_data_page_structured_data_is_a_dataset_whose_downloads_resolve(client, seed):
    data = structured_data(client.get(reverse("opendata:data")))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["license"] == LICENCE["url"]
    assert data["version"] == content_version()
    assert len(data["distribution"]) == 2 * len(DATASETS)
    for item in data["distribution"]:
        assert item["@type"] == "DataDownload"
        assert item["contentUrl"].startswith("http://testserver/data/")
        response = client.get(item["contentUrl"].removeprefix("http://testserver"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(item["encodingFormat"])
