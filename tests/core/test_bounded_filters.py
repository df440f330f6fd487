"""Filter controls do not grow with the content: related rows offered are capped."""

import re

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from articles.models import Outlet
from core.admin import SIDEBAR_OPTIONS
from core.filtering import FACET_OPTIONS
from countries.models import CountryAlias
from events.models import Event, EventAlias
from people.models import PersonAlias

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


def test_a_chosen_event_beyond_the_offered_ones_shows_its_own_count(client, tenfold):
    """Only the most frequent events are counted; the chosen one's count is the list's own."""
    events = Event.objects.published().annotate(n=Count("facts", filter=Q(facts__status="published")))
    rare = events.filter(n__gt=0).order_by("n", "pk").first()
    assert rare.n < events.order_by("-n").values_list("n", flat=True)[FACET_OPTIONS - 1]
    html = client.get(reverse("facts:list"), {"event": rare.slug}).content.decode()
    assert re.search(rf'<option value="{rare.slug}" selected>[^<]*\({rare.n}\)</option>', html)


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


@pytest.mark.parametrize(
    "changelist, parameter",
    [
        ("articles_article", "outlet__id__exact"),
        ("facts_fact", "events__id__exact"),
        ("facts_citation", "article__outlet__id__exact"),
        ("countries_countrystatus", "decided_at__id__exact"),
        ("articles_article", "published_on__year"),  # Django's own date drill-down
        ("reports_report", "created_at__year"),  # an admin that is not a content one
    ],
)
def test_a_number_too_large_for_a_column_is_a_bad_filter_not_a_500(admin_client, seed, changelist, parameter):
    url = reverse(f"admin:{changelist}_changelist")
    response = admin_client.get(url, {parameter: "9" * 23})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url == f"{url}?e=1"
    else:  # the value is not a row: the filter shows everything, with nothing chosen
        assert response.context["cl"].result_count == response.context["cl"].root_queryset.count()


def test_the_outlet_sidebar_offers_the_countries_outlets_have_not_every_country(admin_client, seed):
    html = admin_client.get(reverse("admin:articles_outlet_changelist")).content.decode()
    assert set(re.findall(r"\?country=([A-Z]{2})", html)) == {"CN", "RU"}  # CGTN's and TASS's, of 249
    response = admin_client.get(reverse("admin:articles_outlet_changelist"), {"country": "RU"})
    assert [outlet.slug for outlet in response.context["cl"].result_list] == ["tass"]


def test_the_citations_outlet_filter_filters_across_two_relations(admin_client, seed):
    tass = Outlet.objects.get(slug="tass")
    response = admin_client.get(reverse("admin:facts_citation_changelist"), {"article__outlet__id__exact": tass.pk})
    assert response.status_code == 200  # not refused as a lookup across relations
    citations = response.context["cl"].queryset
    assert citations.exists() and {citation.article.outlet_id for citation in citations} == {tass.pk}


@pytest.mark.parametrize("alias_model", [CountryAlias, EventAlias, PersonAlias])
def test_the_admin_search_and_its_pickers_find_a_record_by_its_alias(admin_client, seed, alias_model):
    alias = alias_model.objects.select_related("record").first()
    assert alias.name.lower() not in str(alias.record).lower()  # found by the alias alone
    opts = alias.record._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": alias.name})
    assert alias.record in response.context["cl"].result_list


def test_the_event_picker_lists_events_in_date_order(admin_client, seed, recwarn):
    query = {"app_label": "countries", "model_name": "countrystatus", "field_name": "decided_at", "term": "summit"}
    results = admin_client.get(reverse("admin:autocomplete"), query).json()["results"]
    events = Event.objects.in_bulk([int(row["id"]) for row in results]).values()
    in_order = sorted(events, key=lambda event: (event.start_date is None, event.start_date, event.title, event.pk))
    assert [row["id"] for row in results] == [str(event.pk) for event in in_order] and len(results) > 3
    assert not [warning for warning in recwarn if "Unordered" in str(warning.message)]


def test_a_group_or_user_sent_with_a_key_too_large_for_a_column_is_refused_in_words(admin_client, admin_user, seed):
    group = admin_client.post(reverse("admin:auth_group_add"), {"name": "Checkers", "permissions": ["9" * 20]})
    assert group.status_code == 200 and group.context["adminform"].form.errors["permissions"]
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    user = admin_client.post(
        url, {"username": admin_user.username, "groups": ["9" * 20], "date_joined_0": "2026-01-01"}
    )
    assert user.status_code == 200 and user.context["adminform"].form.errors["groups"]
