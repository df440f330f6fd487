"""What the API says is what the database holds: counts, verbatim quotes, passages, provenance."""

import json

import pytest
from django.urls import reverse

from articles.models import Article
from core.dates import iso_partial_date
from core.provenance import provenance_of
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact
from tests.api.helpers import every_item

pytestmark = pytest.mark.django_db


def test_counts_are_the_published_counts(client, site):
    expected = {
        "articles": Article.objects.published().count(),
        "countries": Country.objects.count(),
        "events": Event.objects.published().count(),
        "facts": Fact.objects.published().count(),
        "citations": Citation.objects.published().count(),
    }
    assert {name: client.get(reverse(f"api:{name}")).json()["count"] for name in expected} == expected
    assert all(expected.values())


def test_every_quote_is_verbatim_in_its_article_and_links_to_its_passage(client, site):
    bodies = {}
    citations = every_item(client, "citations")
    assert len(citations) == Citation.objects.published().count()
    for citation in citations:
        slug = citation["article_slug"]
        if slug not in bodies:
            bodies[slug] = client.get(reverse("api:article", kwargs={"slug": slug})).json()["body"]
        assert citation["quote"] in bodies[slug]
        page = "http://testserver" + reverse("articles:detail", kwargs={"slug": slug})
        assert citation["passage_url"] == f"{page}#cite-{citation['citation_id']}"
        assert citation["article_url"] == page
    assert set(bodies) == set(Article.objects.published().values_list("slug", flat=True))


def test_fact_carries_its_citations_with_their_sources(client, site):
    fact = Fact.objects.published().filter(citations__article__outlet__isnull=False).first()
    data = client.get(reverse("api:fact", kwargs={"slug": fact.slug})).json()
    assert data["url"] == "http://testserver" + fact.get_absolute_url()
    assert data["statement"] == fact.statement
    expected = Citation.objects.for_display().filter(fact=fact)
    assert [citation["citation_id"] for citation in data["citations"]] == [citation.pk for citation in expected]
    for shown, citation in zip(data["citations"], expected, strict=True):
        article = citation.article
        assert shown["quote"] == citation.quote
        assert shown["passage_url"] == "http://testserver" + citation.get_absolute_url()
        assert shown["outlet"] == (article.outlet.name if article.outlet else None)
        assert shown["article_date_precision"] == article.published_precision
        assert shown["article_date"] == iso_partial_date(article.published_on, article.published_precision)


def test_figures_keep_their_qualifier_and_unit(client, site):
    figures = Fact.objects.published().filter(value__isnull=False)
    assert figures.exists()
    for fact in figures:
        figure = client.get(reverse("api:fact", kwargs={"slug": fact.slug})).json()
        assert figure["value_qualifier"] == fact.value_qualifier
        assert figure["unit"] == fact.unit
        assert float(figure["value"]) == float(fact.value)
    plain = Fact.objects.published().filter(value__isnull=True).first()
    assert client.get(reverse("api:fact", kwargs={"slug": plain.slug})).json()["value"] is None


def provenance_everywhere(client):
    """(model row, its provenance as the API shows it) for every item of every list."""
    for name, model in (("articles", Article), ("events", Event), ("facts", Fact), ("countries", Country)):
        rows = model.objects.in_bulk(field_name="slug")
        for item in every_item(client, name):
            yield rows[item["slug"]], item["provenance"]
            for status in item.get("statuses", ()):
                yield rows[item["slug"]].statuses.get(status=status["status"]), status["provenance"]


OUTLET_COLUMNS = {"name": "outlet", "kind": "outlet_kind", "country": "outlet_country"}


def marked_values(row):
    """{column: (row, field)} of every marker the API must show with ``row``: an article's
    include its outlet's, under the article's column names."""
    marked = {field: (row, field) for field in row.provenance or {}}
    outlet = getattr(row, "outlet", None)
    for field in outlet.provenance if outlet else {}:
        marked.setdefault(OUTLET_COLUMNS[field], (outlet, field))
    return marked


def test_provenance_is_each_rows_public_markers(client, site):
    shown = 0
    for row, provenance in provenance_everywhere(client):
        marked = marked_values(row)
        assert set(provenance) == set(marked)
        for field, marker in provenance.items():
            entry = provenance_of(*marked[field])
            assert marker["basis"] == entry.basis
            assert marker.get("reason", "") == entry.reason
            assert set(marker) <= {"basis", "reason"}
            shown += 1
    assert shown > 0


def test_internal_notes_never_leave_the_site(client, site):
    Fact.objects.filter(pk=Fact.objects.published().first().pk).update(note="INTERNAL-ONLY")
    Country.objects.filter(slug="china").update(notes="INTERNAL-ONLY")
    for name in ("articles", "countries", "events", "facts", "citations"):
        text = json.dumps(every_item(client, name))
        assert "INTERNAL-ONLY" not in text
        assert '"note"' not in text and '"notes"' not in text


def test_country_has_iso_codes_current_status_and_history(client, site):
    china = Country.objects.get(slug="china")
    data = client.get(reverse("api:country", kwargs={"slug": "china"})).json()
    assert (data["iso_alpha2"], data["iso_alpha3"]) == ("CN", "CHN")
    history = list(china.statuses.order_by("start_date"))
    assert [status["status"] for status in data["statuses"]] == [row.status for row in history]
    current = next(row for row in history if not row.ended)
    assert data["current_status"] == current.status
    [shown] = [status for status in data["statuses"] if status["current"]]
    assert shown["start_precision"] == current.start_precision
    assert shown["end_date"] is None


def test_event_has_kind_dates_with_precision_and_place(client, site):
    event = Event.objects.published().filter(host_country__isnull=False, city__gt="").first()
    data = client.get(reverse("api:event", kwargs={"slug": event.slug})).json()
    assert data["kind"] == event.kind
    assert data["start_date"] == iso_partial_date(event.start_date, event.start_precision)
    assert data["start_precision"] == event.start_precision
    assert data["city"] == event.city
    assert data["host_country"] == str(event.host_country.iso_code)


def test_draft_events_are_left_out_of_published_rows(client, extras):
    fact, article = extras["doubled"], extras["overlap"]
    fact.events.add(extras["draft_event"])
    article.events.add(extras["draft_event"])
    assert client.get(reverse("api:fact", kwargs={"slug": fact.slug})).json()["events"] == []
    assert client.get(reverse("api:article", kwargs={"slug": article.slug})).json()["events"] == []
