"""Each page's query count stays the same when the content grows tenfold.

Pages are measured on the seed (1×) and again after adding nine times its volume of
synthetic content (10×). URLs are chosen at each scale for the busiest object of the
kind, so a detail page is measured where it has the most to show.
"""

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from articles.models import Article
from events.models import Event
from facts.models import Citation, Fact
from fixture_sync.synthetic import grow_content
from people.models import Person
from tests.helpers import kept_for_the_scope
from tests.pages import count_queries

# Ordered with the tests that use the database, before any browser test's flush.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def busiest(queryset, relation):
    return queryset.annotate(n=Count(relation)).order_by("-n", "pk").first().get_absolute_url()


PAGES = {
    "home": lambda: reverse("home:home"),
    "article list": lambda: reverse("articles:list"),
    "article list, filtered": lambda: reverse("articles:list") + "?country=china&o=title&page=2",
    "article": lambda: busiest(Article.objects.published(), "citations"),
    "country list": lambda: reverse("countries:list"),
    "country": lambda: reverse("countries:detail", kwargs={"slug": "china"}),
    "event list": lambda: reverse("events:list"),
    "event list, filtered": lambda: reverse("events:list") + "?country=china&kind=summit",
    "event": lambda: busiest(Event.objects.published(), "facts"),
    "fact list": lambda: reverse("facts:list"),
    "fact list, filtered": lambda: reverse("facts:list") + "?country=china&standing=single_source",
    "fact": lambda: busiest(Fact.objects.published(), "citations"),
    "superseded fact": lambda: Fact.objects.get(slug="sco-eight-member-states").get_absolute_url(),
    "passage preview": lambda: reverse("facts:passage-preview", args=[Citation.objects.published().first().pk]),
    "search": lambda: reverse("search:search") + "?q=summit",
    "search, one kind": lambda: reverse("search:search") + "?q=trade&kind=fact",
    "people": lambda: reverse("people:list"),
    "person": lambda: busiest(Person.objects.quoted(), "citations"),
}

# The most queries each page may make, at any scale, with the cache of derived figures empty
# (facet and health counts; one query reads the content version they are cached under).
# A list: its count, its page's rows, their related rows (prefetched), one per facet and
# one per related-row filter's options.
BUDGET = {
    "home": 8,  # the facts stating the group totals
    "article list": 13,
    "article list, filtered": 14,
    "article": 12,  # speakers' roles (cached); its archive; what supersedes or disputes its facts, if any
    "country list": 5,
    "country": 14,  # its aliases
    "event list": 8,
    "event list, filtered": 9,
    "event": 13,  # its aliases
    "fact list": 13,
    "fact list, filtered": 13,
    "fact": 11,  # other scopes, both ways; the role holders
    "superseded fact": 12,
    "passage preview": 2,  # the citation, then its fact's passages from that article
    "search": 9,  # at most one query per kind of hit shown
    "search, one kind": 7,
    "people": 3,  # the roles the sources give them
    "person": 5,  # their aliases
}


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Every page's query count on the seed and at ten times its volume, measured once."""
    client = Client()
    with kept_for_the_scope(django_db_blocker), django_db_blocker.unblock():
        at_1x = {page: count_queries(client, url()) for page, url in PAGES.items()}
        grow_content(factor=9, seed=1)
        at_10x = {page: count_queries(client, url()) for page, url in PAGES.items()}
        yield at_1x, at_10x


@pytest.mark.parametrize("page", PAGES)
def test_query_count_holds_at_ten_times_the_content(counts, page):
    at_1x, at_10x = counts[0][page], counts[1][page]
    print(f"\nqueries {page}: {at_1x} at 1x, {at_10x} at 10x")
    assert at_1x <= BUDGET[page]
    assert at_10x <= BUDGET[page]
