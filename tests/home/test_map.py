"""The SCO map: each country coloured by its status as of the year chosen, a table alternative."""

import re

import pytest
from django.urls import reverse

from countries.models import MEMBER_STATUSES, CountryStatus, SCOStatus

SHAPE = re.compile(r'<a href="/countries/([a-z-]+)/" aria-label="([^"]+)"><path class="map-country map-(\w+)"')


def map_page(client, year=None):
    response = client.get(reverse("home:map"), {"year": year} if year else {})
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index('<svg class="sco-map"') : html.index("</svg>", html.index('<svg class="sco-map"')) + 6]
    return html, svg, {slug: group for slug, _, group in SHAPE.findall(svg)}


def held_at_end_of(year, statuses):
    rows = CountryStatus.objects.filter(status__in=statuses, start_date__year__lte=year, ended=False)
    return set(rows.values_list("country__slug", flat=True))


@pytest.mark.parametrize("year", [2001, 2017, 2023, 2024])
def test_the_colours_follow_the_status_history_of_the_year(client, seed, year):
    _, _, colours = map_page(client, year)
    members = {slug for slug, group in colours.items() if group == "member"}
    assert members == held_at_end_of(year, MEMBER_STATUSES) - {"bahrain", "maldives"}
    assert len(members) == {2001: 6, 2017: 8, 2023: 9, 2024: 10}[year]
    assert {group for slug, group in colours.items() if slug not in members} <= {"none"}  # the rest undated


def test_today_shows_observers_hatched_and_dialogue_partners_dotted(client, seed):
    html, svg, colours = map_page(client)
    assert (colours["china"], colours["mongolia"], colours["egypt"]) == ("member", "observer", "dialogue_partner")
    assert sorted(slug for slug, group in colours.items() if group == "observer") == ["afghanistan", "mongolia"]
    partners = CountryStatus.objects.filter(status=SCOStatus.DIALOGUE_PARTNER, ended=False)
    drawn = set(partners.values_list("country__slug", flat=True)) - {"bahrain", "maldives"}
    assert {slug for slug, group in colours.items() if group == "dialogue_partner"} == drawn
    assert 'aria-label="Mongolia: observer state"' in svg
    assert 'id="map-hatch"' in svg and 'id="map-dots"' in svg
    assert "Observer states (2): hatched" in html and "Member states (10): solid" in html


def test_the_svg_is_small_and_has_no_inline_style(client, seed):
    _, svg, colours = map_page(client)
    assert len(svg.encode()) < 150_000
    assert "style=" not in svg
    assert len(colours) == CountryStatus.objects.values("country").distinct().count() - 2  # Bahrain, Maldives


def test_the_table_gives_every_country_its_status_and_link(client, seed):
    html, _, _ = map_page(client, 2017)
    assert "Status of each country at the end of 2017" in html
    assert re.search(
        r'<a href="/countries/india/">India</a>.*?</th>\s*<td>member state</td>\s*<td>2017</td>', html, re.S
    )
    # Iran's recorded history begins with membership in 2023: what it held in 2017 the sources do not say.
    assert re.search(
        r'<a href="/countries/iran/">Iran</a>.*?</th>\s*<td><span class="muted">not known: its recorded history '
        r"begins in 2023</span>",
        html,
        re.S,
    )
    assert "none yet" not in html
    unknown = CountryStatus.objects.values("country").distinct().count() - 8  # all but the 8 members of 2017
    assert f"for {unknown} countries the sources give no status for 2017." in html
    assert 'Maldives</a> <span class="muted">(not drawn at this scale)</span>' in html
    assert "not known: the sources give no date for its status" in html  # Mongolia's status is undated
    assert '<option value="2017" selected>the end of 2017</option>' in html


@pytest.mark.parametrize("year", ["1990", "abc"])
def test_a_year_outside_the_history_shows_today_with_a_message(client, seed, year):
    html, _, colours = map_page(client, year)
    assert "That year is not in the status history; the map shows today." in html
    assert colours["mongolia"] == "observer"


def test_the_menu_marks_no_item_as_the_map(client, seed):
    """The overview is marked on its own page, not on the map's."""
    current = re.compile(r'<a href="([^"]*)" aria-current="page">')
    assert current.findall(client.get(reverse("home:home")).content.decode()) == [reverse("home:home")]
    assert current.findall(map_page(client)[0]) == []
