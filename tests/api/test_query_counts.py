"""Each endpoint's query count stays the same when the content grows tenfold.

Lists fetch their related rows up front (``select_related``/``prefetch_related``) for the
page only, so a full page costs the same number of queries at 1× and at 10× the seed;
a detail costs the same whatever the object. Measured once on the seed and once after
adding nine times its volume of synthetic content.
"""

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from articles.models import Article
from events.models import Event
from facts.models import Fact
from fixture_sync.synthetic import grow_content
from tests.helpers import kept_for_the_scope
from tests.pages import count_queries

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def busiest(queryset, relation, name):
    slug = queryset.annotate(n=Count(relation)).order_by("-n", "pk").values_list("slug", flat=True).first()
    return reverse(f"api:{name}", kwargs={"slug": slug})


ENDPOINTS = {
    "articles": lambda: reverse("api:articles") + "?limit=100",
    "articles, filtered": lambda: reverse("api:articles") + "?country=china&o=title&limit=100",
    "article": lambda: busiest(Article.objects.published(), "citations", "article"),
    "countries": lambda: reverse("api:countries") + "?limit=100",
    "countries, filtered": lambda: reverse("api:countries") + "?status=member",
    "country": lambda: reverse("api:country", kwargs={"slug": "china"}),
    "events": lambda: reverse("api:events") + "?limit=100",
    "events, filtered": lambda: reverse("api:events") + "?country=china&kind=summit",
    "event": lambda: busiest(Event.objects.published(), "participants", "event"),
    "facts": lambda: reverse("api:facts") + "?limit=100",
    "facts, filtered": lambda: reverse("api:facts") + "?country=china&standing=single_source",
    "fact": lambda: busiest(Fact.objects.published(), "citations", "fact"),
    "citations": lambda: reverse("api:citations") + "?limit=100",
    "citations of a fact": lambda: reverse("api:citations") + "?fact=sco-eight-member-states",
}


# The count, the page, and one query per related list it shows (a fact's citations, the
# facts superseding or disputing it with theirs, its countries and events).
MAX_QUERIES = 9


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Every endpoint's query count on the seed and at ten times its volume, measured once."""
    client = Client()
    with kept_for_the_scope(django_db_blocker), django_db_blocker.unblock():
        at_1x = {name: count_queries(client, url()) for name, url in ENDPOINTS.items()}
        grow_content(factor=9, seed=1)
        at_10x = {name: count_queries(client, url()) for name, url in ENDPOINTS.items()}
        yield at_1x, at_10x


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_query_count_holds_at_ten_times_the_content(counts, endpoint):
    at_1x, at_10x = counts[0][endpoint], counts[1][endpoint]
    print(f"\nqueries {endpoint}: {at_1x} at 1x, {at_10x} at 10x")
    assert at_1x == at_10x
    assert at_10x <= MAX_QUERIES
