import datetime

from django.template.loader import render_to_string

from countries.models import CountryStatus, SCOStatus
from home.charts import membership_chart
from home.overview import membership_by_year


def status(pk, country, kind, year, *, ended=False, end=None):
    return CountryStatus(
        pk=pk,
        country_id=country,
        status=kind,
        start_date=datetime.date(year, 1, 1) if year else None,
        ended=ended,
        end_date=datetime.date(end, 1, 1) if end else None,
    )


HISTORY = [
    status(1, 1, SCOStatus.FOUNDING_MEMBER, 2001),
    status(2, 2, SCOStatus.OBSERVER, 2005, ended=True),  # end not in the sources: ends when membership begins
    status(3, 2, SCOStatus.MEMBER, 2017),
    status(4, 3, SCOStatus.OBSERVER, 2012, ended=True, end=2015),
    status(5, 4, SCOStatus.DIALOGUE_PARTNER, None),
]


def test_membership_by_year_follows_each_country_through_its_statuses():
    growth = membership_by_year(HISTORY, until=2018)
    by_year = {row.year: row.counts for row in growth.years}
    assert by_year[2004] == {"member": 1, "observer": 0, "dialogue_partner": 0}
    assert by_year[2012]["observer"] == 2
    assert by_year[2015]["observer"] == 1
    assert by_year[2016] == {"member": 1, "observer": 1, "dialogue_partner": 0}
    assert by_year[2017] == {"member": 2, "observer": 0, "dialogue_partner": 0}
    assert [key for key, _ in growth.groups] == ["member", "observer"], "undated partners are not charted"
    assert growth.undated == [("dialogue partners", 1)]
    assert [row.year for row in growth.changes] == [2001, 2005, 2012, 2017]


def test_chart_is_an_accessible_svg_with_one_line_per_charted_group():
    chart = membership_chart(membership_by_year(HISTORY, until=2018))
    svg = render_to_string("includes/membership_chart.html", {"chart": chart})
    assert svg.startswith('<svg class="chart"') and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Member states grew from 1 in 2001 to 2 in 2018; 0 observer states in 2018." in svg
    assert svg.count('<path class="series') == 2


def test_no_history_draws_nothing():
    assert membership_chart(membership_by_year([])) is None
