"""Dates are typed as precisely as the source gives them, in one input that sets the date and its precision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.admin.forms import PartialDate, PartialDateField
from core.dates import DatePrecision
from tests.editors import admin_form_data


@pytest.mark.parametrize(
    ("typed", "value", "precision"),
    [
        ("2024", datetime.date(2024, 1, 1), DatePrecision.YEAR),
        ("May 2025", datetime.date(2025, 5, 1), DatePrecision.MONTH),
        ("2025-05", datetime.date(2025, 5, 1), DatePrecision.MONTH),
        ("2025-05-14", datetime.date(2025, 5, 14), DatePrecision.DAY),
        ("14 May 2025", datetime.date(2025, 5, 14), DatePrecision.DAY),
        ("unknown", None, DatePrecision.UNKNOWN),
        ("", None, DatePrecision.UNKNOWN),
    ],
)
def test_the_input_sets_the_date_and_its_precision(typed, value, precision):
    assert PartialDateField(precision_field="p").clean(typed) == PartialDate(value, precision)


@pytest.mark.parametrize(
    ("typed", "error"),
    [("31 February 2025", "February 2025 has no day 31."), ("next year", "“next year” is not a date.")],
)
def test_a_date_that_is_not_one_is_refused_plainly(typed, error):
    with pytest.raises(ValidationError) as refused:
        PartialDateField(precision_field="p").clean(typed)
    assert refused.value.messages[0].startswith(error)


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        (datetime.date(2024, 1, 1), DatePrecision.YEAR, "2024"),
        (datetime.date(2025, 5, 1), DatePrecision.MONTH, "May 2025"),
        (datetime.date(2025, 5, 14), DatePrecision.DAY, "14 May 2025"),
        (None, DatePrecision.UNKNOWN, ""),
    ],
)
def test_a_stored_date_is_shown_at_its_precision(value, precision, shown):
    assert PartialDateField(precision_field="p").prepare_value(PartialDate(value, precision)) == shown


def test_the_article_form_shows_and_stores_a_year(editor_client, content):
    article = content["article"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(url)
    assert page.context["adminform"].form["published_on"].value() == "July 2024"
    assert "published_precision" not in page.context["adminform"].form.fields
    data = admin_form_data(page)
    data["published_on"] = "2024"
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.published_on, article.published_precision) == (datetime.date(2024, 1, 1), DatePrecision.YEAR)


def test_the_event_form_refuses_a_bad_date_with_a_clear_error(editor_client, content):
    event = content["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({"start_date": "31 February 2025", "end_date": "next year"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["start_date"] == ["February 2025 has no day 31."]
    assert errors["end_date"][0].startswith("“next year” is not a date.")
    data.update({"start_date": "May 2025", "end_date": "2024"})
    errors = editor_client.post(url, data).context["adminform"].form.errors
    assert errors == {"end_date": ["The end cannot come before the start."]}  # not the constraint's name
    data.update({"start_date": "May 2025", "end_date": "unknown"})
    assert editor_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.start_date, event.start_precision) == (datetime.date(2025, 5, 1), DatePrecision.MONTH)
    assert (event.end_date, event.end_precision) == (None, DatePrecision.UNKNOWN)


def test_the_status_history_on_a_country_takes_partial_dates(editor_client, content):
    country, status = content["country"], content["status"]
    url = reverse("admin:countries_country_change", args=[country.pk])
    page = editor_client.get(url)
    data = admin_form_data(page)
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(status.pk))[: -len("id")]
    assert data[prefix + "start_date"] == "4 July 2024"
    data[prefix + "start_date"] = "July 2024"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    status.refresh_from_db()
    assert (status.start_date, status.start_precision) == (datetime.date(2024, 7, 1), DatePrecision.MONTH)


def test_the_status_admin_takes_a_year(editor_client, content):
    status = content["unsourced_status"]
    url = reverse("admin:countries_countrystatus_change", args=[status.pk])
    data = admin_form_data(editor_client.get(url))
    data["start_date"] = "2001"
    assert editor_client.post(url, data).status_code == 302
    status.refresh_from_db()
    assert (status.start_date, status.start_precision) == (datetime.date(2001, 1, 1), DatePrecision.YEAR)
