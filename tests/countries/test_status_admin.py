"""The SCO status history in the admin: what the database refuses is refused first by the form, in words."""

import pytest
from django.urls import reverse

from countries.models import Country, CountryStatus, SCOStatus
from tests.editors import admin_form_data

pytestmark = pytest.mark.django_db

ONE_CURRENT = "A country holds one current status at a time: tick “Ended” on the status it no longer holds."


def inline_prefix(data):
    return next(key for key in data if key.startswith("statuses-") and key.endswith("-TOTAL_FORMS"))[
        : -len("TOTAL_FORMS")
    ]


def test_a_second_current_status_on_the_country_page_is_refused_in_words_not_a_500(editor_client, seed):
    armenia = Country.objects.get(slug="armenia")
    assert armenia.statuses.get().ended is False
    url = reverse("admin:countries_country_change", args=[armenia.pk])
    data = admin_form_data(editor_client.get(url))
    prefix = inline_prefix(data)
    new = f"{prefix}{data[prefix + 'TOTAL_FORMS']}-"
    data[prefix + "TOTAL_FORMS"] = str(int(data[prefix + "TOTAL_FORMS"]) + 1)
    data |= {new + "status": SCOStatus.OBSERVER, new + "start_date": "", new + "end_date": ""}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "statuses")
    assert formset.non_form_errors() == [ONE_CURRENT]
    assert armenia.statuses.count() == 1
    data[f"{prefix}0-ended"] = "on"  # the dialogue partnership ended: now it saves
    assert editor_client.post(url, data).status_code == 302
    assert sorted(armenia.statuses.values_list("status", "ended")) == [("dialogue_partner", True), ("observer", False)]


def test_the_status_form_names_each_refusal_in_words(editor_client, seed):
    armenia = Country.objects.get(slug="armenia")
    url = reverse("admin:countries_countrystatus_add")
    data = admin_form_data(editor_client.get(url))
    data |= {"country": armenia.pk, "status": SCOStatus.OBSERVER, "start_date": "2020", "end_date": ""}
    errors = editor_client.post(url, data).context["adminform"].form.errors
    assert errors["__all__"] == [ONE_CURRENT]
    data |= {"ended": "on", "end_date": "2019"}
    errors = editor_client.post(url, data).context["adminform"].form.errors
    assert errors["end_date"] == ["The end cannot come before the start."]
    data |= {"ended": "", "end_date": "2021"}
    errors = editor_client.post(url, data).context["adminform"].form.errors
    assert (
        "An end date is for a status the country no longer holds: tick “Ended”, or leave the date empty."
        in (errors["end_date"])
    )
    assert not any("Constraint" in message for messages in errors.values() for message in messages)
    assert CountryStatus.objects.filter(country=armenia).count() == 1


OVERLAP = "Observer state ({}) and member state ({}) overlap: a country holds one status at a time."


def test_statuses_held_at_once_are_refused_on_the_country_page(editor_client, seed):
    mongolia = Country.objects.get(slug="mongolia")  # an observer since a date the sources do not give
    url = reverse("admin:countries_country_change", args=[mongolia.pk])
    data = admin_form_data(editor_client.get(url))
    prefix = inline_prefix(data)
    new = f"{prefix}{data[prefix + 'TOTAL_FORMS']}-"
    data[prefix + "TOTAL_FORMS"] = str(int(data[prefix + "TOTAL_FORMS"]) + 1)
    data |= {f"{prefix}0-ended": "on", f"{prefix}0-end_date": "2026"}
    data |= {new + "status": SCOStatus.MEMBER, new + "start_date": "2025", new + "end_date": ""}
    response = editor_client.post(url, data)
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "statuses")
    assert formset.non_form_errors() == [OVERLAP.format("date not in sources – 2026", "since 2025")]
    assert mongolia.statuses.get().ended is False
    data[new + "start_date"] = "14 May 2026"  # may have begun when the observer status ended: saved
    data[f"{prefix}0-end_date"] = "May 2026"
    assert editor_client.post(url, data).status_code == 302
    assert sorted(mongolia.statuses.values_list("status", "ended")) == [("member", False), ("observer", True)]


def test_the_status_form_refuses_a_status_held_with_another_stored(editor_client, seed):
    iran = Country.objects.get(slug="iran")  # a member since 2023
    url = reverse("admin:countries_countrystatus_add")
    data = admin_form_data(editor_client.get(url))
    data |= {"country": iran.pk, "status": SCOStatus.OBSERVER, "start_date": "2005", "ended": "on"}
    errors = editor_client.post(url, {**data, "end_date": "2024"}).context["adminform"].form.errors
    assert errors["__all__"] == [OVERLAP.format("2005 – 2024", "since 2023")]
    assert editor_client.post(url, {**data, "end_date": "2023"}).status_code == 302  # ended the year it joined
    assert iran.statuses.count() == 2
