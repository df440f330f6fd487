"""Readers see where every editor-supplied value comes from, wherever the value is shown.

Walks every published record: each value flagged as inferred or editors' knowledge must
carry its marker on every page that shows it, and every figure must keep its qualifier.
"""

import re
from html import escape

import pytest
from django.utils.html import conditional_escape

from articles.models import Article, Outlet
from core.provenance import provenance_entries
from countries.models import Country, CountryStatus
from events.models import Event
from facts.models import Citation, Fact
from facts.templatetags.fact_tags import figure
from people.models import Person

pytestmark = pytest.mark.django_db

TEXT_FIELDS = {"statement", "title", "name"}  # long enough to find every place they are printed


def body_text(html):
    """The page's visible text: the head and every tag (with its attributes) left out."""
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r'<span class="prov-note"[^>]*>.*?</span>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\x00", html)


def times_shown(html, value):
    """How often ``value`` opens the text of an element (a heading, a link, a cell): the
    places it is printed as itself, not as words inside a quote or a sentence."""
    return len(re.findall("\x00\\s*“?" + re.escape(escape(value, quote=False)), body_text(html)))


def pages_showing(obj, field=None):
    """The public pages that show ``obj``'s values (an outlet's kind and country only the API
    and the JSON-LD show: tests/facts/test_fidelity.py)."""
    if isinstance(obj, Fact):
        pages = [obj.get_absolute_url()]
        pages += [c.speaker.get_absolute_url() for c in obj.citations.published().exclude(speaker=None)]
        return pages
    if isinstance(obj, Event):
        return [obj.get_absolute_url()]
    if isinstance(obj, Article):
        facts = Fact.objects.published().filter(citations__article=obj).distinct()
        return [obj.get_absolute_url(), *(fact.get_absolute_url() for fact in facts)]
    if isinstance(obj, Outlet):
        return [article.get_absolute_url() for article in obj.articles.published()] if field == "name" else []
    if isinstance(obj, Country):
        return [obj.get_absolute_url()]
    if isinstance(obj, CountryStatus):
        return [obj.country.get_absolute_url()]
    if isinstance(obj, Person):
        return [obj.get_absolute_url()]
    raise AssertionError(obj)


def flagged_records():
    querysets = [
        Fact.objects.published(),
        Event.objects.published(),
        Article.objects.published(),
        Outlet.objects.filter(articles__status="published").distinct(),
        Country.objects.all(),
        CountryStatus.objects.select_related("country"),
        Person.objects.quoted(),
    ]
    for queryset in querysets:
        for obj in queryset:
            for field in provenance_entries(obj):
                yield obj, field


def test_the_seed_flags_what_the_sources_do_not_state(seed):
    flagged = list(flagged_records())
    kinds = {type(obj).__name__ for obj, _ in flagged}
    assert {"Fact", "Event", "Article", "Country"} <= kinds


def public_pages():
    """Every public page: the lists (every page of them), the home page and every detail page."""
    urls = ["/", "/countries/", "/people/"]
    for path, per_page, count in (
        ("/facts/", 20, Fact.objects.published().count()),
        ("/articles/", 20, Article.objects.published().count()),
        ("/events/", 20, Event.objects.published().count()),
    ):
        urls += [f"{path}?page={n}" for n in range(1, count // per_page + 2)]
    for queryset in (
        Fact.objects.published(),
        Article.objects.published(),
        Event.objects.published(),
        Country.objects.all(),
        Person.objects.quoted(),
    ):
        urls += [obj.get_absolute_url() for obj in queryset]
    return urls


@pytest.mark.slow  # every page: make test-all
def test_every_flagged_value_carries_its_marker_where_it_is_shown(client, seed):
    flagged = list(flagged_records())
    pages = {}
    for url in public_pages():
        response = client.get(url)
        if response.status_code == 404 and "page=" in url:
            continue  # a list whose pages ran out
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    missing = []
    for obj, field in flagged:
        key = f'data-provenance="{obj._meta.label_lower}:{obj.pk}:{field}"'
        for url in pages_showing(obj, field):
            if key not in (pages.get(url) or client.get(url).content.decode()):
                missing.append(f"{url}: {obj._meta.label_lower} {obj.pk} {field} has no marker")
        if field not in TEXT_FIELDS:
            continue
        for url, html in pages.items():
            shown, markers = times_shown(html, getattr(obj, field)), html.count(key)
            if markers < shown:
                missing.append(f"{url}: {obj._meta.label_lower} {obj.pk} {field} shown {shown}×, marked {markers}×")
    assert missing == []


def test_search_results_carry_the_markers(client, seed):
    for fact in Fact.objects.published():
        if "statement" in provenance_entries(fact):
            words = " ".join(fact.statement.split()[:4])
            html = client.get("/search/", {"q": words, "kind": "fact"}).content.decode()
            shown = times_shown(html, fact.statement)
            assert html.count(f'data-provenance="facts.fact:{fact.pk}:statement"') >= shown


def figures_on(html):
    """The text of every figure printed on a page (elements of class ``figure``)."""
    return [" ".join(text.split()) for text in re.findall(r'class="figure"[^>]*>([^<]*)<', html)]


@pytest.mark.slow  # every page with a figure: make test-all
def test_every_figure_is_shown_with_its_qualifier(client, seed):
    facts = Fact.objects.published().exclude(value=None)
    assert facts.exclude(value_qualifier="exactly").exists()
    pages = [client.get("/facts/", {"page": n}).content.decode() for n in range(1, 5)]
    pages += [client.get(fact.get_absolute_url()).content.decode() for fact in facts]
    pages += [client.get(a.get_absolute_url()).content.decode() for a in Article.objects.published()]
    shown = [text for html in pages for text in figures_on(html)]
    for fact in facts:
        qualified = figure(fact)
        assert qualified in shown, fact.slug
        if fact.value_qualifier != "exactly":
            bare = qualified.removeprefix(f"{fact.get_value_qualifier_display()} ")
            assert bare not in shown, (fact.slug, bare)


def test_editors_notes_are_shown_and_internal_notes_are_not(client, seed):
    for fact in Fact.objects.published().exclude(public_note=""):
        html = client.get(fact.get_absolute_url()).content.decode()
        assert conditional_escape(fact.public_note) in html and "Editors' note" in html
        if fact.note and fact.note != fact.public_note:
            assert conditional_escape(fact.note) not in html


def test_no_fact_stated_whole_by_two_documents_is_single_source(client, seed):
    for fact in Fact.objects.published().with_standing():
        whole = Citation.objects.published().filter(fact=fact, supports="whole")
        documents = whole.values("article").distinct().count()
        assert fact.source_count == documents
        if documents >= 2:
            assert fact.standing != "single_source", fact.slug


# Passages that state a status's start (and the meeting that decided it), cited by the status's fact.
STATUS_PASSAGES = {
    "BY": "Belarus was formally accepted as the 10th member state of the inter-governmental organization",
    "IN": "In 2017, India and Pakistan became full members of the SCO",
    "PK": "In 2017, India and Pakistan became full members of the SCO",
    "IR": "In 2023, Iran's full membership was approved at the 23rd meeting of the Council of Heads of State",
    **dict.fromkeys(("CN", "KG", "KZ", "RU", "TJ", "UZ"), "Since its inception in Shanghai in 2001, the SCO"),
}


@pytest.mark.parametrize("iso_code", sorted(STATUS_PASSAGES))
def test_a_status_shows_the_passage_that_states_it_on_the_country_and_the_fact_page(client, seed, iso_code):
    status = CountryStatus.objects.get(country__iso_code=iso_code, ended=False)
    citation = status.fact.citations.published().get(quote__contains=STATUS_PASSAGES[iso_code])
    country_page = client.get(status.country.get_absolute_url()).content.decode()
    fact_page = client.get(status.fact.get_absolute_url()).content.decode()
    assert f'href="{citation.get_absolute_url()}"' in country_page
    assert f'href="{status.fact.get_absolute_url()}"' in country_page
    assert f'href="{citation.get_absolute_url()}"' in fact_page
    assert conditional_escape(citation.quote) in fact_page
    assert f'data-provenance="countries.countrystatus:{status.pk}:start_date"' not in country_page


def test_an_event_date_shows_the_fact_and_passage_that_state_it(client, seed):
    event = Event.objects.get(slug="sco-media-think-tank-summit-zhengzhou-2025")
    fact = event.facts.published().get(slug="media-think-tank-summit-zhengzhou-2025-07-25")
    citation = fact.citations.published().get(quote__contains="is held in Zhengzhou")
    assert "July 25, 2025" in citation.quote and event.start_date.isoformat() == "2025-07-25"
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{fact.get_absolute_url()}"' in page and f'href="{citation.get_absolute_url()}"' in page
