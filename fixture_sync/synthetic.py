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

from django.db import connection, transaction

from articles.models import Article, Outlet
from core.changes import content_changed
from core.dates import DatePrecision
from core.models import PublicationStatus, Topic, stamp_publication_times
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


# The base shape is repeated this many times per batch: each batch is built, related
# within itself and written before the next, so memory stays flat however large the factor.
BATCH_UNITS = 20
# Rows per INSERT, well under SQLite's limit on query variables.
INSERT_BATCH = 500


@dataclass
class Plan:
    rng: random.Random
    run: str
    start: int
    base: dict
    countries: list
    topics: list

    def numbers(self, name, first, units):
        """The global numbers of batch rows of kind ``name``: the batch covers units first..first+units."""
        size = self.base[name]
        return range(first * size, (first + units) * size)


@transaction.atomic
def grow_content(*, factor=1, seed=None):
    """Add ``factor`` times the real content's volume of synthetic content."""
    start = Article.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    plan = Plan(
        rng=random.Random(seed if seed is not None else start),
        run=f"{SYNTHETIC_PREFIX}{start:06d}",
        start=start,
        base=real_content_shape(),
        countries=list(Country.objects.all()),
        topics=list(Topic.objects.exclude(slug__startswith=SYNTHETIC_PREFIX)),
    )
    report = GrowthReport()
    for first in range(0, factor, BATCH_UNITS):
        _grow_batch(plan, first, min(BATCH_UNITS, factor - first), report)
    stamp_publication_times()
    content_changed()
    return report


def _grow_batch(plan, first, units, report):
    """``units`` times the base shape, its rows related among themselves."""
    rng, base = plan.rng, plan.base
    outlets = _grow_outlets(plan, plan.numbers("outlets", first, units))
    events = _grow_events(plan, plan.numbers("events", first, units))
    articles = _grow_articles(plan, plan.numbers("articles", first, units), outlets, events)
    facts = _grow_facts(plan, plan.numbers("facts", first, units))
    per_fact = max(1, round(base["citations"] / base["facts"]))
    citations = _grow_citations(rng, facts, articles, per_fact=per_fact, limit=base["citations"] * units)
    _relate(rng, articles, events, facts, plan.countries)
    report.outlets += len(outlets)
    report.articles += len(articles)
    report.events += len(events)
    report.facts += len(facts)
    report.citations += citations


def _grow_outlets(plan, numbers):
    return Outlet.objects.bulk_create(
        [
            Outlet(slug=f"{plan.run}-outlet-{i}", name=f"Synthetic Outlet {plan.start}-{i}", kind=Outlet.Kind.OTHER)
            for i in numbers
        ],
        batch_size=INSERT_BATCH,
    )


def _grow_events(plan, numbers):
    rng, countries = plan.rng, plan.countries
    return Event.objects.bulk_create(
        [
            Event(
                slug=f"{plan.run}-event-{i}",
                title=f"Synthetic {rng.choice(KINDS)} in {rng.choice(CITIES)} #{plan.start}-{i}",
                kind=rng.choice(KINDS),
                start_date=(date := _partial_date(rng))[0],
                start_precision=date[1],
                city=rng.choice(CITIES),
                host_country_id=rng.choice(countries).pk if countries else None,
                description="Synthetic event for scale tests.",
                provenance=(
                    {"host_country": {"basis": "editors", "reason": "Synthetic: no source names the host."}}
                    if i % 3 == 0
                    else {}
                ),
                status=PublicationStatus.PUBLISHED,
            )
            for i in numbers
        ],
        batch_size=INSERT_BATCH,
    )


def _grow_articles(plan, numbers, outlets, events):
    rng = plan.rng
    outlet_ids = [outlet.pk for outlet in outlets] + [None]
    return Article.objects.bulk_create(
        [
            Article(
                slug=f"{plan.run}-article-{i}",
                title=f"Synthetic report {plan.start}-{i} on {rng.choice(SUBJECTS)}",
                outlet_id=rng.choice(outlet_ids),
                published_on=(date := _partial_date(rng))[0],
                published_precision=date[1],
                body=_body(rng, plan.countries, events),
                summary="Synthetic article for scale tests.",
                status=PublicationStatus.PUBLISHED,
            )
            for i in numbers
        ],
        batch_size=INSERT_BATCH,
    )


def _grow_facts(plan, numbers):
    rng, topics = plan.rng, plan.topics
    return Fact.objects.bulk_create(
        [
            Fact(
                slug=f"{plan.run}-fact-{i}",
                statement=f"Synthetic claim {plan.start}-{i}: {rng.choice(SUBJECTS)} {rng.choice(VERBS)}.",
                topic_id=rng.choice(topics).pk if topics else None,
                value=rng.randint(1, 900) if i % 4 == 0 else None,
                unit="percent" if i % 4 == 0 else "",
                value_qualifier=("over" if i % 8 == 0 else "exactly") if i % 4 == 0 else "",
                provenance=(
                    {"period": {"basis": "inferred", "reason": "Synthetic: the period is worked out, not quoted."}}
                    if i % 5 == 0
                    else {}
                ),
                status=PublicationStatus.PUBLISHED,
            )
            for i in numbers
        ],
        batch_size=INSERT_BATCH,
    )


def _quotable(body):
    """The sentences of a body long enough to quote, each with where it starts."""
    sentences = [s for s in body.replace("\n", " ").split(". ") if len(s) > 20]
    return [(sentence, body.index(sentence)) for sentence in sentences]


def _grow_citations(rng, facts, articles, *, per_fact, limit):
    """About ``per_fact`` citations of each fact, each quoting a real sentence of its article."""
    quotable = {article.pk: _quotable(article.body) for article in articles}
    citations = {}
    for index, fact in enumerate(facts):
        for _ in range(per_fact + (index % 3 == 0)):
            article = rng.choice(articles)
            quote, begin = rng.choice(quotable[article.pk])
            citations.setdefault(
                (fact.pk, article.pk, quote),
                Citation(fact_id=fact.pk, article_id=article.pk, quote=quote, start=begin, end=begin + len(quote)),
            )
            if len(citations) >= limit:
                break
    Citation.objects.bulk_create(citations.values(), batch_size=INSERT_BATCH)
    return len(citations)


def _relate(rng, articles, events, facts, countries):
    """Relations, in proportion: a few countries and an event per row; some facts superseded."""
    country_ids = [country.pk for country in countries]
    _link(Article.countries, [(a.pk, c) for a in articles for c in rng.sample(country_ids, min(3, len(countries)))])
    _link(Article.events, [(a.pk, rng.choice(events).pk) for a in articles])
    _link(Event.participants, [(e.pk, c) for e in events for c in rng.sample(country_ids, min(4, len(countries)))])
    _link(Fact.countries, [(f.pk, c) for f in facts for c in rng.sample(country_ids, min(2, len(countries)))])
    _link(Fact.events, [(f.pk, rng.choice(events).pk) for f in facts])
    superseded = facts[::20]
    for older in superseded:
        newer = rng.choice(facts)
        older.superseded_by = None if newer == older else newer
    Fact.objects.bulk_update(superseded, ["superseded_by"], batch_size=INSERT_BATCH)
    _link(Fact.disputed_by, [(a.pk, b.pk) for a, b in zip(facts[5::25], facts[6::25], strict=False)])


def _link(relation, pairs):
    """Insert ``(from id, to id)`` pairs into a many-to-many relation's table.

    Plain rows, without model instances: they are half of all the rows grown.
    """
    field, quote = relation.field, connection.ops.quote_name
    columns = ", ".join(quote(column) for column in (field.m2m_column_name(), field.m2m_reverse_name()))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(relation.through._meta.db_table)} ({columns}) VALUES (%s, %s)", pairs)


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
