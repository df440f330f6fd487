"""Data for the public pages: the seed with its search index, plus a few rows the seed lacks.

The seed has no drafts and no disputed facts, so ``extras`` adds them, and an
article whose citations overlap and touch.
"""

import datetime

import pytest

from articles.models import Article, Outlet
from core.dates import DatePrecision
from core.models import PublicationStatus
from countries.models import Country
from events.models import Event, EventKind
from facts.models import Citation, Fact
from search.index import rebuild_search_index

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


def make_article(slug, body, *, status=PUBLISHED, outlet=None, title=None, published_on=None, **fields):
    precision = DatePrecision.DAY if published_on else DatePrecision.UNKNOWN
    return Article.objects.create(
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        body=body,
        outlet=outlet,
        status=status,
        published_on=published_on,
        published_precision=precision,
        **fields,
    )


def make_fact(slug, statement, *, status=PUBLISHED, **fields):
    return Fact.objects.create(slug=slug, statement=statement, status=status, **fields)


def cite(fact, article, quote):
    citation = Citation(fact=fact, article=article, quote=quote)
    citation.clean()
    citation.save()
    return citation


@pytest.fixture
def site(seed):
    """The curated seed, with its search index (both built once per session)."""


OVERLAP_BODY = (
    "The railway opened in June. Freight trains now cross the border daily.\n"
    "Officials said trade doubled within a year."
)


@pytest.fixture
def extras(site):
    """Drafts, a disputed pair and an article with overlapping and adjacent citations."""
    outlet = Outlet.objects.create(slug="test-wire", name="Test Wire")
    other_outlet = Outlet.objects.create(slug="other-wire", name="Other Wire")
    overlap = make_article(
        "overlapping-passages",
        OVERLAP_BODY,
        outlet=outlet,
        published_on=datetime.date(2025, 6, 3),
        title="Railway report",
    )
    second = make_article(
        "second-report",
        "Trade did not double; it rose by a third, customs data show.",
        outlet=other_outlet,
        published_on=datetime.date(2025, 9, 1),
    )
    draft_article = make_article("draft-article", "A draft that nobody may read yet.", status=DRAFT)
    opened = make_fact("railway-opened", "The railway opened in June 2025.")
    freight = make_fact("freight-daily", "Freight trains cross the border daily.")
    doubled = make_fact("trade-doubled", "Trade doubled within a year of the railway opening.")
    third = make_fact("trade-rose-a-third", "Trade rose by a third, not double.")
    doubled.disputed_by.add(third)
    draft_fact = make_fact("draft-fact", "A claim still in draft.", status=DRAFT)
    citations = {
        "opened": cite(opened, overlap, "The railway opened in June."),
        # overlaps the end of the first passage and runs into the next sentence
        "crossing": cite(freight, overlap, "opened in June. Freight trains now cross"),
        # adjacent: starts where "crossing" ends
        "daily": cite(freight, overlap, " the border daily."),
        # spans the paragraph break
        "doubled": cite(doubled, overlap, "daily.\nOfficials said trade doubled"),
        # the same passage for a second fact
        "doubled-again": cite(opened, overlap, "daily.\nOfficials said trade doubled"),
        "third": cite(third, second, "it rose by a third"),
        "draft-fact": cite(draft_fact, overlap, "within a year"),
    }
    Citation.objects.create(fact=opened, article=draft_article, quote="A draft", start=0, end=7)
    draft_event = Event.objects.create(
        slug="draft-event",
        title="Draft summit",
        kind=EventKind.SUMMIT,
        status=DRAFT,
        start_date=datetime.date(2030, 1, 1),
        start_precision=DatePrecision.YEAR,
    )
    overlap.countries.add(Country.objects.get(slug="belarus"))
    rebuild_search_index()
    return {
        "overlap": overlap,
        "second": second,
        "draft_article": draft_article,
        "draft_fact": draft_fact,
        "draft_event": draft_event,
        "doubled": doubled,
        "third": third,
        "citations": citations,
    }
