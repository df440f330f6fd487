import datetime

import pytest
from django.urls import reverse

from core.dates import DatePrecision
from events.models import Event, EventKind
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def test_event_list_is_a_timeline_by_year(client, site):
    response = client.get(reverse("events:list"))
    page = parse(response)
    years = [text for level, text in page.headings if level == 3]
    dated = [y for y in years if y.isdigit()]
    assert dated == sorted(dated) and "2001" in dated and "2024" in dated
    assert response.context["page_obj"].paginator.count == Event.objects.published().count()


def test_event_filters_combine(client, site):
    url = reverse("events:list")
    summits_2024 = client.get(url, {"kind": "summit", "year": "2024"}).context["object_list"]
    assert [e.slug for e in summits_2024] == ["astana-summit-2024"]
    expected = set(
        Event.objects.published()
        .filter(start_date__year=2025, host_country__slug="china")
        .values_list("slug", flat=True)
    )
    in_china_2025 = client.get(url, {"country": "china", "year": "2025"}).context["object_list"]
    assert expected and expected <= {e.slug for e in in_china_2025}
    assert all(e.start_date.year == 2025 for e in in_china_2025)


def test_event_facets_show_counts(client, site):
    html = client.get(reverse("events:list"), {"year": "2024"}).content.decode()
    summits = Event.objects.published().filter(kind=EventKind.SUMMIT, start_date__year=2024).count()
    assert f">summit (Council of Heads of State) ({summits})</option>" in html
    all_2024 = Event.objects.published().filter(start_date__year=2024).count()
    assert f'<option value="2024" selected>2024 ({all_2024})</option>' in html


def test_event_page_shows_dates_place_decisions_and_sources(client, site):
    event = Event.objects.get(slug="astana-summit-2024")
    response = client.get(event.get_absolute_url())
    text = text_of(response)
    assert f"When {event.dates_display}" in text
    if event.start_precision != DatePrecision.DAY:
        assert f"(known to the {event.start_precision})" in text
    assert "Status decisions taken here" in text and "Belarus" in text
    assert "Facts about this event" in text
    assert "Sources" in text
    for article in event.articles.published():
        assert article.get_absolute_url() in [href for href, _ in parse(response).links]


def test_event_page_lists_participants_with_flags(client, site):
    event = Event.objects.published().filter(participants__isnull=False).distinct().first()
    page = parse(client.get(event.get_absolute_url()))
    for country in event.participants.all():
        assert (country.get_absolute_url(), country.name) in page.links


def test_draft_event_is_not_found_nor_listed(client, extras):
    assert client.get(extras["draft_event"].get_absolute_url()).status_code == 404
    listed = client.get(reverse("events:list"), {"year": "2030"}).context["object_list"]
    assert list(listed) == []


def test_event_with_day_precision_shows_the_day(client, site):
    Event.objects.filter(slug="astana-summit-2024").update(
        start_date=datetime.date(2024, 7, 3),
        start_precision=DatePrecision.DAY,
        end_date=datetime.date(2024, 7, 4),
        end_precision=DatePrecision.DAY,
    )
    text = text_of(client.get(reverse("events:detail", kwargs={"slug": "astana-summit-2024"})))
    assert "When 3 July 2024 – 4 July 2024" in text


def test_each_date_of_an_event_carries_its_own_marker(client, seed):
    event = Event.objects.get(slug="tianjin-summit-2025")
    text = text_of(client.get(event.get_absolute_url()))
    assert f"When {event.start_display} inferred Start date: inferred" in text  # the start's, after the start
    assert f"– {event.end_display} inferred End date: inferred" in text


@pytest.mark.parametrize(
    "start, end, shown",
    [
        (("2026-01-01", "year"), ("2026-01-01", "year"), "2026"),  # not "2026 – 2026"
        (("2024-07-04", "day"), ("2024-07-04", "day"), "4 July 2024"),
        (("2024-07-04", "day"), ("2024-07-05", "day"), "4 July 2024 – 5 July 2024"),
        (("2026-07-01", "month"), ("2026-07-03", "day"), "July 2026 – 3 July 2026"),
        (("2024-07-04", "day"), (None, "unknown"), "4 July 2024"),
    ],
)
def test_an_events_dates_name_a_period_once(start, end, shown):
    event = Event(start_precision=start[1], end_precision=end[1])
    event.start_date, event.end_date = (value and datetime.date.fromisoformat(value) for value, _ in (start, end))
    assert event.dates_display == shown
