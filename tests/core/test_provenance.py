"""Provenance of editor-supplied values: validated where it is typed, shown where it is read."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from articles.models import Article
from core.provenance import Basis, provenance_entries, provenance_errors, provenance_of
from events.models import Event
from facts.models import Fact, Qualifier
from facts.templatetags.fact_tags import figure

pytestmark = pytest.mark.django_db


def event(**provenance):
    return Event(title="A meeting", slug="a-meeting", kind="summit", provenance=provenance)


def test_sound_entries_pass():
    obj = event(
        start_date={"basis": "inferred", "reason": "Year worked out from “three years later”."},
        host_country={"basis": "editors", "reason": "No source names the host."},
    )
    assert provenance_errors(obj) == []
    assert sorted(provenance_entries(obj)) == ["host_country", "start_date"]
    assert provenance_of(obj, "start_date").basis == Basis.INFERRED
    assert provenance_of(obj, "title") is None


@pytest.mark.parametrize(
    ("provenance", "message"),
    [
        ({"colour": {"basis": "inferred", "reason": "x"}}, "not a field that takes provenance"),
        ({"title": {"basis": "guessed", "reason": "x"}}, "needs a basis"),
        ({"title": "inferred"}, "needs a basis"),
        ({"title": {"basis": "inferred"}}, "a reason is required"),
        ({"title": {"basis": "editors", "reason": "  "}}, "a reason is required"),
        ({"title": {"basis": "inferred", "reason": "x", "by": "me"}}, "unknown keys by"),
        ({"title": {"basis": "inferred", "reason": "x", "quote": "SCO"}}, "unknown keys quote"),
    ],
)
def test_bad_entries_are_named(provenance, message):
    errors = provenance_errors(event(**provenance))
    assert len(errors) == 1
    assert message in errors[0]


def test_a_stated_entry_is_refused_naming_the_field(seed):
    """A value quoted from a source is a citation of a fact, not a provenance entry."""
    article = Article.objects.published().first()
    obj = event(city={"basis": "stated", "article": article.slug, "quote": article.body[:40]})
    with pytest.raises(ValidationError) as caught:
        obj.full_clean(exclude=["slug"])
    (message,) = caught.value.message_dict["provenance"]
    assert message.startswith("Provenance of “city”: a value quoted from a source is cited")


def test_not_an_object_is_refused():
    obj = event()
    obj.provenance = ["title"]
    assert provenance_errors(obj) == ["Provenance must be an object keyed by field name."]


def render(obj, field):
    request = RequestFactory().get("/")
    return Template("{% load provenance %}{% provenance obj field %}").render(
        Context({"obj": obj, "field": field, "request": request})
    )


def test_marker_opens_to_the_reason_without_javascript(seed):
    obj = Event.objects.published().first()
    obj.provenance = {"start_date": {"basis": "inferred", "reason": "Worked out from “three years later”."}}
    html = render(obj, "start_date")
    key = f"events.event:{obj.pk}:start_date"
    assert f'data-provenance="{key}"' in html
    target = f"prov-event-{obj.pk}-start-date-1"
    assert f'popovertarget="{target}"' in html and f'id="{target}" popover' in html
    assert "inferred by the editors" in html and "Worked out from “three years later”." in html
    assert render(obj, "title") == ""


def test_editors_knowledge_is_marked_as_such(seed):
    obj = Event.objects.published().first()
    obj.provenance = {"city": {"basis": "editors", "reason": "No source names the city."}}
    html = render(obj, "city")
    assert ">editors<" in html and "editors&#x27; knowledge, no source on this site" in html
    assert "No source names the city." in html


@pytest.mark.parametrize(
    ("qualifier", "shown"),
    [
        (Qualifier.EXACTLY, "100 events"),
        (Qualifier.OVER, "over 100 events"),
        (Qualifier.NEARLY, "nearly 100 events"),
        (Qualifier.AT_LEAST, "at least 100 events"),
        (Qualifier.APPROXIMATELY, "approximately 100 events"),
    ],
)
def test_figures_keep_their_qualifier(qualifier, shown):
    assert figure(Fact(value=Decimal(100), unit="events", value_qualifier=qualifier)) == shown


def test_a_figure_needs_its_qualifier(seed):
    fact = Fact(slug="x", statement="Over 100 events were held.", value=100, unit="events")
    with pytest.raises(ValidationError) as caught:
        fact.full_clean()
    assert "value_qualifier" in caught.value.message_dict
    fact.value, fact.unit = None, ""
    fact.value_qualifier = Qualifier.OVER
    with pytest.raises(ValidationError) as caught:
        fact.full_clean()
    assert "A qualifier goes with a figure" in str(caught.value.message_dict["value_qualifier"])


def test_an_emptied_provenance_field_saves_as_nothing_to_say(seed):
    obj = Event.objects.published().first()
    obj.provenance = None  # what a form gives for an emptied JSON field
    obj.full_clean()
    assert obj.provenance == {}


def test_stated_entries_of_an_older_database_become_citations(seed):
    """The data migration: a quoted status value becomes a citation of the status's fact, an
    event's entry whose passage a fact about it cites goes, and any other becomes inferred."""
    from django.apps import apps

    from countries.models import Country, CountryStatus
    from facts.models import Citation

    convert = import_module("facts.migrations.0007_cite_stated_provenance").convert
    article = Article.objects.published().first()
    quote = article.body[:40]
    stated = {"basis": "stated", "article": article.slug, "quote": quote}
    status = CountryStatus.objects.exclude(fact=None).first()
    CountryStatus.objects.filter(pk=status.pk).update(provenance={"start_date": stated})
    country = Country.objects.first()
    Country.objects.filter(pk=country.pk).update(provenance={"region": stated})
    summit = Event.objects.get(slug="sco-media-think-tank-summit-zhengzhou-2025")
    date_quote = (
        summit.facts.get(slug="media-think-tank-summit-zhengzhou-2025-07-25").citations.get(supports="whole").quote
    )
    summit_stated = {**stated, "article": "china-sco-presidency-road-to-tianjin", "quote": date_quote}
    Event.objects.filter(pk=summit.pk).update(provenance={"start_date": summit_stated})
    citations = Citation.objects.count()

    convert(apps, None)

    status.refresh_from_db(), country.refresh_from_db(), summit.refresh_from_db()
    assert status.provenance == {} and summit.provenance == {}
    added = Citation.objects.get(fact=status.fact, article=article, quote=quote)
    assert (added.start, added.end) == (0, 40) and Citation.objects.count() == citations + 1
    assert country.provenance["region"]["basis"] == "inferred" and quote in country.provenance["region"]["reason"]
    country.full_clean()
