import pytest
from django.urls import reverse

from facts.models import Citation, Fact, Standing
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def test_fact_page_lists_every_citation_with_quote_outlet_date_and_passage(client, site):
    fact = Fact.objects.get(slug="sco-ten-member-states")
    response = client.get(fact.get_absolute_url())
    text = text_of(response)
    links = [href for href, _ in parse(response).links]
    citations = Citation.objects.published().filter(fact=fact).select_related("article__outlet")
    assert len(citations) >= 2
    for citation in citations:
        assert " ".join(citation.quote.split()) in text
        assert f"/articles/{citation.article.slug}/#cite-{citation.pk}" in links
        if citation.article.outlet:
            assert citation.article.outlet.name in text
    assert "undated" in text, "the seed articles carry no date, and the page says so"


def test_citation_links_to_the_publisher_with_a_text_fragment(client, extras):
    extras["second"].url = "https://example.org/report"
    extras["second"].save()
    response = client.get(extras["third"].get_absolute_url())
    links = [href for href, _ in parse(response).links]
    assert "https://example.org/report#:~:text=it%20rose%20by%20a%20third" in links


def test_superseded_fact_is_shown_beside_what_supersedes_it(client, site):
    old = Fact.objects.get(slug="sco-eight-member-states")
    new = old.superseded_by
    response = client.get(old.get_absolute_url())
    text = text_of(response)
    assert "superseded" in text
    assert "Superseded: compare with the newer fact" in text
    assert (new.get_absolute_url(), new.statement) in parse(response).links
    html = response.content.decode()
    compare = html[html.index('class="compare"') :]
    assert "This fact" in compare and "Superseded by" in compare
    assert compare.count("Sources:") >= 2, "each side lists its sources with their dates"

    newer = text_of(client.get(new.get_absolute_url()))
    assert "Replaces" in newer and old.statement in newer


def test_superseded_fact_in_a_list_shows_its_replacement(client, site):
    response = client.get(reverse("facts:list"), {"standing": "superseded"})
    assert [f.slug for f in response.context["object_list"]] == [
        "lavrov-moscow-considering-belarus-accession",
        "sco-eight-member-states",
    ]
    text = text_of(response)
    assert "Superseded by The SCO has 10 full member states" in text


def test_disputed_facts_are_shown_side_by_side_with_dates(client, extras):
    response = client.get(extras["doubled"].get_absolute_url())
    text = text_of(response)
    assert "disputed" in text and "Disputed: compare the sources" in text
    assert "Disputed by Trade rose by a third, not double." in text
    assert "Test Wire, 3 June 2025" in text and "Other Wire, 1 September 2025" in text


def test_every_fact_shows_its_standing_label(client, extras):
    response = client.get(reverse("facts:list"))
    html = response.content.decode()
    for fact in response.context["object_list"]:
        assert fact.standing in Standing.values
    assert html.count('class="standing standing-') >= len(response.context["object_list"])


def test_fact_filters_combine(client, extras):
    url = reverse("facts:list")
    membership_belarus = client.get(url, {"country": "belarus", "topic": "membership"})
    facts = list(membership_belarus.context["object_list"])
    assert facts and all(f.topic.slug == "membership" for f in facts)
    assert all(f.countries.filter(slug="belarus").exists() for f in facts)
    disputed = client.get(url, {"standing": "disputed"}).context["object_list"]
    assert [f.slug for f in disputed] == [
        "fan-xianrong-china-sco-national-coordinator",
        "trade-doubled",
        "zhang-haizhou-china-sco-national-coordinator",
    ]
    china = client.get(url, {"standing": "disputed", "country": "china"}).context["object_list"]
    assert [f.slug for f in china] == [
        "fan-xianrong-china-sco-national-coordinator",
        "zhang-haizhou-china-sco-national-coordinator",
    ]
    none = client.get(url, {"standing": "disputed", "country": "india"}).context["object_list"]
    assert list(none) == []


def test_fact_standing_facet_counts(client, extras):
    html = client.get(reverse("facts:list"), {"country": "belarus"}).content.decode()
    belarus = Fact.objects.published().with_standing().filter(countries__slug="belarus")
    single = belarus.filter(standing=Standing.SINGLE_SOURCE).count()
    assert f">single source ({single})</option>" in html


def test_draft_fact_is_not_found_nor_listed(client, extras):
    assert client.get(extras["draft_fact"].get_absolute_url()).status_code == 404
    assert client.get(reverse("facts:detail", kwargs={"slug": "no-such-fact"})).status_code == 404
    assert client.get(reverse("facts:by-id", kwargs={"pk": 999999})).status_code == 404
    listed = client.get(reverse("facts:list")).context["paginator"].count
    assert listed == Fact.objects.published().count()


def test_a_source_previews_its_passages_from_an_address_of_its_own(client, extras, django_assert_max_num_queries):
    """A page names each preview's address rather than holding the passages (they doubled a list's
    size); the address gives the fact's published passages from that source, each with its link."""
    opened, again = extras["citations"]["opened"], extras["citations"]["doubled-again"]
    page = parse(client.get(opened.article.get_absolute_url()))  # its facts, each with its sources
    previews = {attrs["href"]: attrs["data-preview"] for _, attrs in page.tags if "data-preview" in attrs}
    assert previews[opened.get_absolute_url()] == reverse("facts:passage-preview", kwargs={"pk": opened.pk})
    with django_assert_max_num_queries(2):
        preview = client.get(previews[opened.get_absolute_url()])
    assert [href for href, _ in parse(preview).links] == [opened.get_absolute_url(), again.get_absolute_url()]
    assert text_of(preview) == (
        "Railway report , Test Wire, 3 June 2025 “The railway opened in June.” Read passage 1 in context"
        " “daily. Officials said trade doubled” Read passage 2 in context"
    )
    hidden = [extras["citations"]["draft-fact"], Citation.objects.get(article=extras["draft_article"])]
    for citation in hidden:
        assert client.get(reverse("facts:passage-preview", kwargs={"pk": citation.pk})).status_code == 404


def test_fact_list_pagination_keeps_the_filter(client, site, grown):
    grown(2)
    response = client.get(reverse("facts:list"), {"standing": "single_source"})
    total = response.context["paginator"].count
    assert total > 20
    next_link = next(href for href, text in parse(response).links if text.startswith("Next"))
    assert "standing=single_source" in next_link
    second = client.get(reverse("facts:list") + next_link)
    assert all(f.standing == Standing.SINGLE_SOURCE for f in second.context["object_list"])


def test_a_facts_first_address_by_id_redirects_to_its_slug(client, extras):
    fact = Fact.objects.published().order_by("slug").first()
    response = client.get(reverse("facts:by-id", kwargs={"pk": fact.pk}), {"from": "old-link"})
    assert response.status_code == 301
    assert response["Location"] == f"/facts/{fact.slug}/?from=old-link"
    assert client.get(response["Location"]).context["fact"] == fact
    draft = extras["draft_fact"]
    assert client.get(reverse("facts:by-id", kwargs={"pk": draft.pk})).status_code == 404


def test_a_source_stating_only_part_of_a_fact_says_so_where_it_is_listed(client, site):
    part = Citation.objects.published().filter(supports="part").select_related("fact", "article").first()
    assert not part.fact.citations.filter(article=part.article, supports="whole").exists()
    standing = Fact.objects.with_standing().get(pk=part.fact_id).standing
    response = client.get(reverse("facts:list"), {"standing": standing})
    item = next(item for item in response.context["page_obj"] if item.pk == part.fact_id)
    text = text_of(response)
    assert f"{part.article.outlet or ''}" in text and "(part of the statement: not counted as a source)" in text
    counted = Fact.objects.with_standing().get(pk=item.pk).source_count
    documents = part.fact.citations.values("article").distinct().count()
    assert text.count("not counted as a source") >= documents - counted > 0
