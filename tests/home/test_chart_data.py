"""The home chart's data as CSV, and its citation."""

import csv
import io

from django.urls import reverse

from core.version import content_version
from countries.models import CountryStatus
from home.overview import membership_by_year


def test_the_chart_data_is_a_csv_of_the_counts_by_year(client, seed):
    response = client.get(reverse("home:membership-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'  # as the downloads
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    growth = membership_by_year(list(CountryStatus.objects.history()))
    assert rows[0] == ["year", *(key for key, _ in growth.groups)] and rows[0][1] == "member"
    assert rows[1:] == [[str(row.year), *(str(row.counts[key]) for key, _ in growth.groups)] for row in growth.years]
    assert rows[1][:2] == ["2001", "6"]  # the six founders


def test_the_home_page_links_the_chart_data_and_cites_the_chart(client, seed):
    html = client.get(reverse("home:home")).content.decode()
    assert f'href="{reverse("home:membership-csv")}" download' in html
    assert "Cite this chart" in html
    assert f"“SCO membership over the years” (chart and data). Content version {content_version()}" in html
    assert "http://testserver/#growth-title-h" in html
