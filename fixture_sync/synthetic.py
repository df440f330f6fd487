"""Synthetic content in proportion to the real content, for scale tests and benchmarks.

Every synthetic row has a slug starting with ``synthetic-`` (citations belong to
synthetic facts), so it never mixes with the curated content: export_fixtures leaves
it out unless asked, and :func:`remove_synthetic_content` deletes it all.
Quotes are real substrings of the synthetic article bodies, so citations are valid.

The one module of the fixture engine that knows the content models: it composes them.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from articles.models import Article, Outlet
from core.changes import content_changed
from core.dates import DatePrecision
from core.models import PublicationStatus, Topic
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact

from .canonical import SYNTHETIC_PREFIX

# The curated seed's shape, used when the database holds no real content yet.
DEFAULT_BASE = {"outlets": 2, "articles": 5, "events": 15, "facts": 45, "citations": 60}

CITIES = [
    "Shanghai",
    "Astana",
    "Tianjin",
    "Tashkent",
    "Bishkek",
    "Dushanbe",
    "Almaty",
    "Minsk",
    "Samarkand",
    "Qingdao",
]
SUBJECTS = [
    "trade between member states",
    "the regional anti-terrorist structure",
    "cross-border railway links",
    "energy cooperation",
    "the digital economy",
    "people-to-people exchanges",
    "local currency settlement",
    "joint counter-terrorism exercises",
    "the Shanghai Spirit",
    "supply-chain resilience",
]
VERBS = ["expanded", "was discussed at length", "reached a new record", "was reviewed", "gained momentum"]
KINDS = ["summit", "ministerial", "forum", "exercise", "infrastructure", "trade", "meeting"]


@dataclass
class GrowthReport:
    outlets: int = 0
    articles: int = 0
    events: int = 0
    facts: int = 0
    citations: int = 0

    def __str__(self):
        return (
            f"{self.outlets} outlets, {self.articles} articles, {self.events} events, "
            f"{self.facts} facts, {self.citations} citations"
        )


def real_content_shape():
    prefix = {"slug__startswith": SYNTHETIC_PREFIX}
    shape = {
        "outlets": Outlet.objects.exclude(**prefix).count(),
        "articles": Article.objects.exclude(**prefix).count(),
        "events": Event.objects.exclude(**prefix).count(),
        "facts": Fact.objects.exclude(**prefix).count(),
        "citations": Citation.objects.exclude(fact__slug__startswith=SYNTHETIC_PREFIX).count(),
    }
    if not shape["articles"] or not shape["facts"]:
        return dict(DEFAULT_BASE)
    return {name: max(count, 1) for name, count in shape.items()}


def _sentence(rng, countries, events):
    country = rng.choice(countries).name if countries else "a member state"
    event = rng.choice(events).title if events else "the summit"
    subject = rng.choice(SUBJECTS)
    figure = rng.randint(2, 980)
    return rng.choice(
        [
            f"At {event}, delegates from {country} said that {subject} {rng.choice(VERBS)}.",
            f"Officials in {country} reported that {subject} grew by {figure} percent over the period.",
            f"{country} signed {rng.randint(2, 30)} agreements on {subject} during {event}.",
            f"According to the ministry, {subject} involved {figure} projects across the region.",
        ]
    )


def _body(rng, countries, events, paragraphs=6):
    return "\n".join(
        " ".join(_sentence(rng, countries, events) for _ in range(rng.randint(3, 6))) for _ in range(paragraphs)
    )


def _partial_date(rng):
    precision = rng.choice(
        [DatePrecision.DAY, DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN]
    )
    if precision == DatePrecision.UNKNOWN:
        return None, precision
    day = datetime.date(2001, 6, 15) + datetime.timedelta(days=rng.randint(0, 9300))
    if precision == DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    elif precision == DatePrecision.MONTH:
        day = day.replace(day=1)
    return day, precision


@transaction.atomic
def grow_content(*, factor=1, seed=None):
    """Add ``factor`` times the real content's volume of synthetic content."""
    base = real_content_shape()
    start = Article.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    rng = random.Random(seed if seed is not None else start)
    countries = list(Country.objects.all())
    topics = list(Topic.objects.exclude(slug__startswith=SYNTHETIC_PREFIX))
    run = f"{SYNTHETIC_PREFIX}{start:06d}"

    outlets = _grow_outlets(run, start, base["outlets"] * factor)
    events = _grow_events(rng, run, start, base["events"] * factor, countries)
    articles = _grow_articles(rng, run, start, base["articles"] * factor, outlets, countries, events)
    facts = _grow_facts(rng, run, start, base["facts"] * factor, topics)
    per_fact = max(1, round(base["citations"] / base["facts"]))
    citations = _grow_citations(rng, facts, articles, per_fact=per_fact, limit=base["citations"] * factor)
    _relate(rng, articles, events, facts, countries)
    content_changed()
    return GrowthReport(len(outlets), len(articles), len(events), len(facts), len(citations))


def _grow_outlets(run, start, count):
    return Outlet.objects.bulk_create(
        Outlet(slug=f"{run}-outlet-{i}", name=f"Synthetic Outlet {start}-{i}", kind=Outlet.Kind.OTHER)
        for i in range(count)
    )


def _grow_events(rng, run, start, count, countries):
    return Event.objects.bulk_create(
        Event(
            slug=f"{run}-event-{i}",
            title=f"Synthetic {rng.choice(KINDS)} in {rng.choice(CITIES)} #{start}-{i}",
            kind=rng.choice(KINDS),
            start_date=(date := _partial_date(rng))[0],
            start_precision=date[1],
            city=rng.choice(CITIES),
            host_country=rng.choice(countries) if countries else None,
            description="Synthetic event for scale tests.",
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(count)
    )


def _grow_articles(rng, run, start, count, outlets, countries, events):
    return Article.objects.bulk_create(
        Article(
            slug=f"{run}-article-{i}",
            title=f"Synthetic report {start}-{i} on {rng.choice(SUBJECTS)}",
            outlet=rng.choice(outlets + [None]),
            published_on=(date := _partial_date(rng))[0],
            published_precision=date[1],
            body=_body(rng, countries, events),
            summary="Synthetic article for scale tests.",
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(count)
    )


def _grow_facts(rng, run, start, count, topics):
    return Fact.objects.bulk_create(
        Fact(
            slug=f"{run}-fact-{i}",
            statement=f"Synthetic claim {start}-{i}: {rng.choice(SUBJECTS)} {rng.choice(VERBS)}.",
            topic=rng.choice(topics) if topics else None,
            value=rng.randint(1, 900) if i % 4 == 0 else None,
            unit="percent" if i % 4 == 0 else "",
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(count)
    )


def _grow_citations(rng, facts, articles, *, per_fact, limit):
    """About ``per_fact`` citations of each fact, each quoting a real sentence of its article."""
    citations = []
    seen = set()
    for index, fact in enumerate(facts):
        for _ in range(per_fact + (index % 3 == 0)):
            article = rng.choice(articles)
            sentences = [s for s in article.body.replace("\n", " ").split(". ") if len(s) > 20]
            quote = rng.choice(sentences)
            if (fact.pk, article.pk, quote) in seen:
                continue
            seen.add((fact.pk, article.pk, quote))
            begin = article.body.index(quote)
            citations.append(Citation(fact=fact, article=article, quote=quote, start=begin, end=begin + len(quote)))
            if len(citations) >= limit:
                break
    Citation.objects.bulk_create(citations, batch_size=1000)
    return citations


def _relate(rng, articles, events, facts, countries):
    """Relations, in proportion: a few countries and an event per row; some facts superseded."""
    Article.countries.through.objects.bulk_create(
        Article.countries.through(article=a, country=c)
        for a in articles
        for c in rng.sample(countries, min(3, len(countries)))
    )
    Article.events.through.objects.bulk_create(
        Article.events.through(article=a, event=rng.choice(events)) for a in articles
    )
    Event.participants.through.objects.bulk_create(
        Event.participants.through(event=e, country=c)
        for e in events
        for c in rng.sample(countries, min(4, len(countries)))
    )
    Fact.countries.through.objects.bulk_create(
        Fact.countries.through(fact=f, country=c) for f in facts for c in rng.sample(countries, min(2, len(countries)))
    )
    Fact.events.through.objects.bulk_create(Fact.events.through(fact=f, event=rng.choice(events)) for f in facts)
    superseded = facts[::20]
    for older in superseded:
        older.superseded_by = rng.choice(facts)
        if older.superseded_by == older:
            older.superseded_by = None
    Fact.objects.bulk_update(superseded, ["superseded_by"])
    Fact.disputed_by.through.objects.bulk_create(
        Fact.disputed_by.through(from_fact=a, to_fact=b) for a, b in zip(facts[5::25], facts[6::25], strict=False)
    )


@transaction.atomic
def remove_synthetic_content():
    prefix = {"slug__startswith": SYNTHETIC_PREFIX}
    Citation.objects.filter(fact__slug__startswith=SYNTHETIC_PREFIX).delete()
    Citation.objects.filter(article__slug__startswith=SYNTHETIC_PREFIX).delete()
    Fact.objects.filter(**prefix).delete()
    Article.objects.filter(**prefix).delete()
    Event.objects.filter(**prefix).delete()
    Outlet.objects.filter(**prefix).delete()
    content_changed()
