import pytest
from django.urls import reverse

from countries.models import Country, CountryStatus, SCOStatus
from facts.models import Citation
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def test_belarus_is_a_member_since_2024_linked_to_the_passage(client, site):
    """The Belarus page says member since 2024; the date leads to the fact, the fact to the passage."""
    response = client.get(reverse("countries:detail", kwargs={"slug": "belarus"}))
    assert "Member state of the SCO since 2024" in text_of(response)
    status = CountryStatus.objects.get(country__slug="belarus", ended=False)
    fact_url = status.fact.get_absolute_url()
    assert (fact_url, "2024") in parse(response).links

    fact_page = client.get(fact_url)
    citation = Citation.objects.get(fact=status.fact, quote__contains="Belarus was formally accepted")
    passage_url = f"/articles/{citation.article.slug}/#cite-{citation.pk}"
    assert passage_url in [href for href, _ in parse(response).links], "the status row quotes the same passage"
    assert passage_url in [href for href, _ in parse(fact_page).links]

    article_page = parse(client.get(passage_url.split("#")[0]))
    assert "Belarus was formally accepted as the 10th member state" in article_page.passages[citation.anchor]


def test_belarus_timeline_quotes_the_source_of_the_change(client, site):
    text = text_of(client.get(reverse("countries:detail", kwargs={"slug": "belarus"})))
    assert "Status in the SCO over time" in text
    assert "Belarus was formally accepted as the 10th member state" in text
    assert "Decided at SCO Astana Summit" in text


@pytest.mark.slow  # every country page: make test-all
def test_every_date_on_a_country_page_links_to_its_fact(client, site):
    for country in Country.objects.filter(statuses__fact__isnull=False):
        page = parse(client.get(country.get_absolute_url()))
        fact_links = {href for href, _ in page.links if href.startswith("/facts/")}
        for row in country.statuses.exclude(fact=None):
            assert (row.fact.get_absolute_url(), row.start_display) in page.links
            assert row.fact.get_absolute_url() in fact_links


def test_an_unsourced_status_is_labelled(client, site):
    row = CountryStatus.objects.filter(status=SCOStatus.DIALOGUE_PARTNER, fact=None).select_related("country").first()
    text = text_of(client.get(row.country.get_absolute_url()))
    assert "Dialogue partner of the SCO" in text and "(the sources give no date)" in text
    assert "unsourced" in text
    html = client.get(row.country.get_absolute_url()).content.decode()
    assert f'data-provenance="countries.countrystatus:{row.pk}:status"' in html, "editors' knowledge is marked"


def test_country_list_groups_by_current_status_with_accession_dates(client, site):
    response = client.get(reverse("countries:list"))
    groups = {status: countries for status, _, countries in response.context["groups"]}
    assert {c.slug for c in groups[SCOStatus.FOUNDING_MEMBER]} == {
        "china",
        "kazakhstan",
        "kyrgyzstan",
        "russia",
        "tajikistan",
        "uzbekistan",
    }
    assert [c.slug for c in groups[SCOStatus.MEMBER]] == ["india", "pakistan", "iran", "belarus"]
    assert len(groups[SCOStatus.OBSERVER]) == 2
    assert len(groups[SCOStatus.DIALOGUE_PARTNER]) == 14
    page = parse(response)
    belarus_fact = CountryStatus.objects.get(country__slug="belarus", ended=False).fact
    assert (belarus_fact.get_absolute_url(), "2024") in page.links
    flags = [img for img in page.images if "flags/" in img["src"]]
    assert len(flags) == Country.objects.count()
    assert all(img["alt"] == "" for img in flags), "flags beside a country's name are decorative"


def test_country_list_filters_by_current_status_with_counts(client, site):
    response = client.get(reverse("countries:list"), {"status": "observer"})
    assert [status for status, _, _ in response.context["groups"]] == ["observer"]
    html = response.content.decode()
    assert ">dialogue partner (14)</option>" in html
    assert '<option value="observer" selected>observer state (2)</option>' in html


def test_unknown_country_is_not_found(client, site):
    assert client.get(reverse("countries:detail", kwargs={"slug": "atlantis"})).status_code == 404
