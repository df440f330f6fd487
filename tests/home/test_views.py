import datetime

import pytest
from django.db.models import Q
from django.urls import reverse

from countries.models import MEMBER_STATUSES, CountryStatus, SCOStatus
from events.models import Event
from facts.models import Fact, Standing
from home.overview import membership_by_year
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def link_text(page, element_id):
    tag = next(attrs for tag, attrs in page.tags if attrs.get("id") == element_id)
    return tag["href"], next(text for href, text in page.links if href == tag["href"])


def test_home_counts_match_the_status_history(client, site):
    page = parse(client.get(reverse("home:home")))
    current = CountryStatus.objects.current()
    expected = {
        "count-member": current.filter(status__in=MEMBER_STATUSES).count(),
        "count-observer": current.filter(status=SCOStatus.OBSERVER).count(),
        "count-dialogue_partner": current.filter(status=SCOStatus.DIALOGUE_PARTNER).count(),
    }
    assert expected == {"count-member": 10, "count-observer": 2, "count-dialogue_partner": 14}
    for element_id, count in expected.items():
        assert link_text(page, element_id)[1] == str(count)


def test_home_counts_follow_a_change_in_the_history(client, site):
    CountryStatus.objects.filter(country__slug="belarus").update(
        ended=True, end_date=datetime.date(2026, 1, 1), end_precision="year"
    )
    page = parse(client.get(reverse("home:home")))
    assert link_text(page, "count-member")[1] == "9"


def test_each_count_links_to_the_fact_that_states_it(client, site):
    page = parse(client.get(reverse("home:home")))
    for element_id, unit, count in (
        ("count-member", "member states", 10),
        ("count-observer", "observer states", 2),
        ("count-dialogue_partner", "dialogue partners", 14),
    ):
        href, text = link_text(page, element_id)
        fact = Fact.objects.published().get(unit=unit)
        assert (href, text, fact.value) == (fact.get_absolute_url(), str(count), count)
        assert fact.citations.values("article").distinct().count() >= 2


def test_a_count_no_fact_states_links_to_the_list_behind_it(client, site):
    Fact.objects.filter(unit="member states").update(value=9)
    page = parse(client.get(reverse("home:home")))
    href, _ = link_text(page, "count-member")
    assert href == reverse("facts:list") + "?sco_status=member"
    facts = client.get(href).context["object_list"]
    belarus_fact = CountryStatus.objects.get(country__slug="belarus", ended=False).fact
    assert belarus_fact in list(facts)


def test_every_accession_date_on_home_links_to_its_fact(client, site):
    page = parse(client.get(reverse("home:home")))
    for row in CountryStatus.objects.current().exclude(fact=None):
        assert (row.fact.get_absolute_url(), row.start_display) in page.links


def test_membership_chart_is_drawn_from_the_history_with_a_table(client, site):
    response = client.get(reverse("home:home"))
    html = response.content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "Member states grew from 6 in 2001 to 10 in" in html
    growth = membership_by_year(list(CountryStatus.objects.history()))
    by_year = {row.year: row.counts["member"] for row in growth.years}
    assert (by_year[2001], by_year[2016], by_year[2017], by_year[2023], by_year[2024]) == (6, 6, 8, 9, 10)
    page = parse(response)
    belarus_fact = CountryStatus.objects.get(country__slug="belarus", ended=False).fact
    assert (belarus_fact.get_absolute_url(), "member state, 2024") in page.links
    assert (belarus_fact.get_absolute_url(), "10") in page.links, "the count a change made links to its fact"
    assert "2 observer states, 14 dialogue partners" in text_of(response), "undated statuses are said to be left out"


def test_home_shows_events_articles_and_fact_health(client, extras):
    today = datetime.date.today()
    soon = today.replace(day=1) + datetime.timedelta(days=62)
    Event.objects.filter(slug="tianjin-summit-2025").update(
        start_date=soon.replace(day=1), start_precision="month", end_date=None, end_precision="unknown"
    )
    response = client.get(reverse("home:home"))
    assert [e.slug for e in response.context["upcoming"]] == ["tianjin-summit-2025"]
    assert all(e.start_date <= today for e in response.context["recent"])
    assert "draft-event" not in [e.slug for e in response.context["upcoming"]]
    assert "draft-article" not in [a.slug for a in response.context["articles"]]
    page = parse(response)
    facts = Fact.objects.published().with_standing()
    disputed = facts.filter(standing=Standing.DISPUTED)
    assert link_text(page, "facts-disputed")[1] == str(disputed.count())
    assert {"fan-xianrong-china-sco-national-coordinator", "trade-doubled"} <= {f.slug for f in disputed}
    assert link_text(page, "facts-unsourced")[1] == str(facts.filter(standing=Standing.UNSOURCED).count())
    assert link_text(page, "facts-superseded")[1] == "2"
    # Statuses no published fact states are unsourced too, and counted in the same figure.
    statuses = CountryStatus.objects.filter(Q(fact=None) | ~Q(fact__status="published")).count()
    assert statuses > 0
    html = response.content.decode()
    assert f'id="statuses-unsourced">{statuses}</a>' in html
    unsourced = facts.filter(standing=Standing.UNSOURCED).count() + statuses
    assert f'<strong id="unsourced-total">{unsourced}</strong>' in html


def test_page_has_one_h1_and_headings_in_order(client, extras):
    urls = [
        reverse("home:home"),
        reverse("articles:list"),
        extras["overlap"].get_absolute_url(),
        reverse("countries:list"),
        reverse("countries:detail", kwargs={"slug": "belarus"}),
        reverse("events:list"),
        reverse("events:detail", kwargs={"slug": "astana-summit-2024"}),
        reverse("facts:list"),
        extras["doubled"].get_absolute_url(),
        reverse("search:search") + "?q=belarus",
        "/no-such-page/",
    ]
    for url in urls:
        response = client.get(url)
        page = parse(response)
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1, url
        assert levels[0] == 1, url
        for previous, level in zip(levels, levels[1:], strict=False):
            assert level <= previous + 1, (url, page.headings)
        tags = {tag for tag, _ in page.tags}
        assert {"header", "nav", "main", "footer"} <= tags, url
        assert all("alt" in img for img in page.images), url
        assert "Sourcing policy" in text_of(response)
