"""Filter controls do not grow with the content: related rows offered are capped."""

import re

import pytest
from django.urls import reverse

from core.admin import SIDEBAR_OPTIONS
from core.filtering import FACET_OPTIONS
from events.models import Event

pytestmark = pytest.mark.django_db


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r"<option", select.group(1))


def sidebar_links(html, parameter):
    return set(re.findall(rf"\?{re.escape(parameter)}=(\d+)", html))


def test_the_event_filter_offers_the_most_cited_events_and_the_one_chosen(client, tenfold):
    assert Event.objects.published().count() > FACET_OPTIONS
    html = client.get(reverse("facts:list")).content.decode()
    assert len(options(html, "event")) <= FACET_OPTIONS + 1  # "any event" first
    rare = Event.objects.published().filter(facts__isnull=True).first() or Event.objects.published().last()
    html = client.get(reverse("facts:list"), {"event": rare.slug}).content.decode()
    assert f'<option value="{rare.slug}" selected>' in html
    assert len(options(html, "event")) <= FACET_OPTIONS + 2


def test_the_article_list_caps_its_outlet_and_event_options(client, tenfold):
    html = client.get(reverse("articles:list")).content.decode()
    assert len(options(html, "event")) <= FACET_OPTIONS + 1
    assert len(options(html, "outlet")) <= FACET_OPTIONS + 1


def test_the_admin_sidebars_offer_a_bounded_number_of_events(admin_client, tenfold):
    html = admin_client.get(reverse("admin:facts_fact_changelist")).content.decode()
    assert 0 < len(sidebar_links(html, "events__id__exact")) <= SIDEBAR_OPTIONS
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 0 < len(sidebar_links(html, "events__id__exact")) <= SIDEBAR_OPTIONS
    chosen = Event.objects.order_by("-pk").first()
    response = admin_client.get(reverse("admin:facts_fact_changelist"), {"events__id__exact": chosen.pk})
    assert str(chosen.pk) in sidebar_links(response.content.decode(), "events__id__exact")
    assert set(response.context["cl"].result_list) == set(chosen.facts.all())


def test_each_filterset_has_filters_of_its_own_without_deep_copies(seed):
    from django.http import QueryDict

    from facts.filters import FactFilter
    from facts.models import Fact

    first = FactFilter(QueryDict("sco_status=member"), Fact.objects.published())
    second = FactFilter(QueryDict("sco_status=observer"), Fact.objects.published())
    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name] and filter_ is not FactFilter.base_filters[name]
        assert filter_.parent is first and second.filters[name].parent is second
        assert filter_.model is Fact
    assert not hasattr(FactFilter.base_filters["sco_status"], "parent"), "the class's filters stay untouched"
    assert first.form.fields["topic"] is not second.form.fields["topic"]
    members, observers = set(first.qs), set(second.qs)
    assert members and members != observers, "a method filter calls the filterset it belongs to"


def test_pages_past_the_middle_are_read_from_the_end_in_the_same_order(client, grown, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from facts.models import Fact

    grown(2)
    expected = list(Fact.objects.published().order_by("slug").values_list("pk", flat=True))
    pages = -(-len(expected) // 20)
    shown = []
    for number in range(1, pages + 1):
        response = client.get("/facts/", {"page": number})
        shown += [item.row.pk for item in response.context["items"]]
    assert shown == expected, "every fact once, in the list's order"
    settings.LIST_PAGES_CACHED = False  # the page's rows read again, not kept whole
    with CaptureQueriesContext(connection) as queries:
        client.get("/facts/", {"page": pages, "x": "uncached"})
    page_query = next(q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"] and "slug" in q["sql"])
    assert "DESC" in page_query and "OFFSET" not in page_query.replace("OFFSET 0", ""), page_query


def test_a_list_without_a_total_order_is_not_read_backwards():
    from core.filtering import totally_ordered
    from events.models import Event
    from facts.models import Fact

    assert totally_ordered(Fact.objects.order_by("slug"))
    assert totally_ordered(Fact.objects.order_by("-topic", "pk"))
    assert not totally_ordered(Fact.objects.order_by("topic"))
    assert not totally_ordered(Event.objects.order_by("start_date"))
