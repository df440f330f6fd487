"""Synthetic content in proportion to the real content, for scale tests and benchmarks. Every
synthetic row has a slug starting with ``synthetic-`` (or belongs to a synthetic fact), which
export_fixtures leaves out unless asked; quotes are real sentences of the synthetic bodies.
"""

import datetime
import random

from django.db import transaction

from articles.models import Article, Outlet
from core.changes import content_changed
from core.dates import DatePrecision
from core.models import PublicationStatus, Topic, stamp_publication_times
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact

from .canonical import SYNTHETIC_PREFIX

CITIES = [
    *("Shanghai", "Astana", "Tianjin", "Tashkent", "Bishkek", "Dushanbe", "Almaty", "Minsk", "Samarkand"),
    "Qingdao",
]
SUBJECTS = [
    *("trade between member states", "the regional anti-terrorist structure", "cross-border railway links"),
    *("energy cooperation", "the digital economy", "people-to-people exchanges", "local currency settlement"),
    *("joint counter-terrorism exercises", "the Shanghai Spirit", "supply-chain resilience"),
]
VERBS = ["expanded", "was discussed at length", "reached a new record", "was reviewed", "gained momentum"]
KINDS = ["summit", "ministerial", "forum", "exercise", "infrastructure", "trade", "meeting"]
PRECISIONS = [DatePrecision.DAY, DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN]
DEFAULT_BASE = {"outlets": 2, "articles": 5, "events": 15, "facts": 45, "citations": 60}  # the seed's shape
BATCH_UNITS = 20  # the base shape is grown this many times per batch: memory stays flat whatever the factor
PUBLISHED = PublicationStatus.PUBLISHED


def real_content_shape():
    models = {"outlets": Outlet, "articles": Article, "events": Event, "facts": Fact}
    shape = {name: model.objects.exclude(slug__startswith=SYNTHETIC_PREFIX).count() for name, model in models.items()}
    shape["citations"] = Citation.objects.exclude(fact__slug__startswith=SYNTHETIC_PREFIX).count()
    if not shape["articles"] or not shape["facts"]:
        return dict(DEFAULT_BASE)
    return {name: max(count, 1) for name, count in shape.items()}


@transaction.atomic
def grow_content(*, factor=1, seed=None):
    """Add ``factor`` times the real content's volume of synthetic content; say how much."""
    start = Article.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    grower = Grower(random.Random(seed if seed is not None else start), start, real_content_shape())
    for first in range(0, factor, BATCH_UNITS):
        grower.grow(first, min(BATCH_UNITS, factor - first))
    stamp_publication_times()
    content_changed()
    return ", ".join(f"{count} {name}" for name, count in grower.counts.items())


class Grower:
    def __init__(self, rng, start, base):
        self.rng, self.start, self.base, self.run = rng, start, base, f"{SYNTHETIC_PREFIX}{start:06d}"
        self.countries = [country.pk for country in Country.objects.all()]
        self.names = list(Country.objects.values_list("name", flat=True)) or ["a member state"]
        self.topics = list(Topic.objects.exclude(slug__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
        self.counts = dict.fromkeys(base, 0)

    def make(self, kind, first, units, build):
        rows = [build(i) for i in range(first * self.base[kind], (first + units) * self.base[kind])]
        self.counts[kind] += len(rows)
        return type(rows[0]).objects.bulk_create(rows, batch_size=500) if rows else []

    def grow(self, first, units):
        rng, run = self.rng, self.run

        def outlet(i):
            return Outlet(slug=f"{run}-outlet-{i}", name=f"Synthetic Outlet {self.start}-{i}", kind=Outlet.Kind.OTHER)

        def event(i):
            title = f"Synthetic {rng.choice(KINDS)} in {rng.choice(CITIES)} #{self.start}-{i}"
            start_date, start_precision = self.date()
            host = {"host_country": {"basis": "editors", "reason": "Synthetic: no source names the host."}}
            return Event(
                slug=f"{run}-event-{i}", title=title, kind=rng.choice(KINDS), city=rng.choice(CITIES),
                start_date=start_date, start_precision=start_precision, status=PUBLISHED,
                host_country_id=rng.choice(self.countries) if self.countries else None,
                description="Synthetic event for scale tests.", provenance={} if i % 3 else host,
            )  # fmt: skip

        def article(i):
            title = f"Synthetic report {self.start}-{i} on {rng.choice(SUBJECTS)}"
            published_on, published_precision = self.date()
            return Article(
                slug=f"{run}-article-{i}", title=title, outlet_id=rng.choice(outlet_ids), status=PUBLISHED,
                published_on=published_on, published_precision=published_precision, body=self.body(events),
                summary="Synthetic article for scale tests.",
            )  # fmt: skip

        def fact(i):
            statement = f"Synthetic claim {self.start}-{i}: {rng.choice(SUBJECTS)} {rng.choice(VERBS)}."
            exact = "over" if i % 8 == 0 else "exactly"
            figure = {"value": rng.randint(1, 900), "unit": "percent", "value_qualifier": exact} if i % 4 == 0 else {}
            period = {"period": {"basis": "inferred", "reason": "Synthetic: the period is worked out, not quoted."}}
            return Fact(
                slug=f"{run}-fact-{i}", statement=statement, status=PUBLISHED, provenance={} if i % 5 else period,
                topic_id=rng.choice(self.topics) if self.topics else None, **figure,
            )  # fmt: skip

        outlets = self.make("outlets", first, units, outlet)
        events = self.make("events", first, units, event)
        outlet_ids = [each.pk for each in outlets] + [None]
        articles = self.make("articles", first, units, article)
        facts = self.make("facts", first, units, fact)
        self.cite(facts, articles, limit=self.base["citations"] * units)
        self.relate(articles, events, facts)

    def date(self):
        precision = self.rng.choice(PRECISIONS)
        day = datetime.date(2001, 6, 15) + datetime.timedelta(days=self.rng.randint(0, 9300))
        year, month = day.replace(month=1, day=1), day.replace(day=1)
        return {DatePrecision.DAY: day, DatePrecision.MONTH: month, DatePrecision.YEAR: year}.get(precision), precision

    def body(self, events):
        rng = self.rng

        def sentence():
            country, event, subject = rng.choice(self.names), rng.choice(events).title, rng.choice(SUBJECTS)
            return rng.choice([
                f"At {event}, delegates from {country} said that {subject} {rng.choice(VERBS)}.",
                f"Officials in {country} reported that {subject} grew by {rng.randint(2, 980)} percent.",
                f"{country} signed {rng.randint(2, 30)} agreements on {subject} during {event}.",
                f"According to the ministry, {subject} involved {rng.randint(2, 980)} projects across the region.",
            ])  # fmt: skip

        return "\n".join(" ".join(sentence() for _ in range(rng.randint(3, 6))) for _ in range(6))

    def cite(self, facts, articles, *, limit):
        """About as many citations per fact as the real content has, each quoting a sentence of its article."""
        per_fact = max(1, round(self.base["citations"] / self.base["facts"]))
        quotable = {a.pk: [s for s in a.body.replace("\n", " ").split(". ") if len(s) > 20] for a in articles}
        citations = {}
        for index, fact in enumerate(facts):
            for _ in range(per_fact + (index % 3 == 0)):
                article = self.rng.choice(articles)
                quote = self.rng.choice(quotable[article.pk])
                start = article.body.index(quote)
                citations.setdefault((fact.pk, article.pk, quote), Citation(
                    fact_id=fact.pk, article_id=article.pk, quote=quote, start=start, end=start + len(quote)
                ))  # fmt: skip
                if len(citations) >= limit:
                    break
        self.counts["citations"] += len(Citation.objects.bulk_create(citations.values(), batch_size=500))

    def relate(self, articles, events, facts):
        """Relations, in proportion: a few countries and an event per row; some facts superseded or disputed."""
        rng, countries = self.rng, self.countries
        link(Article.countries, [(a.pk, c) for a in articles for c in rng.sample(countries, min(3, len(countries)))])
        link(Article.events, [(a.pk, rng.choice(events).pk) for a in articles])
        link(Event.participants, [(e.pk, c) for e in events for c in rng.sample(countries, min(4, len(countries)))])
        link(Fact.countries, [(f.pk, c) for f in facts for c in rng.sample(countries, min(2, len(countries)))])
        link(Fact.events, [(f.pk, rng.choice(events).pk) for f in facts])
        for older in facts[::20]:
            newer = rng.choice(facts)
            older.superseded_by = None if newer == older else newer
        Fact.objects.bulk_update(facts[::20], ["superseded_by"], batch_size=500)
        link(Fact.disputed_by, [(a.pk, b.pk) for a, b in zip(facts[5::25], facts[6::25], strict=False)])


def link(relation, pairs):
    """Add ``(from id, to id)`` pairs to a many-to-many relation."""
    source, target, through = relation.field.m2m_column_name(), relation.field.m2m_reverse_name(), relation.through
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs], batch_size=500)


@transaction.atomic
def remove_synthetic_content():
    Citation.objects.filter(article__slug__startswith=SYNTHETIC_PREFIX).delete()  # protected; a fact's cascade
    for model in (Fact, Article, Event, Outlet):
        model.objects.filter(slug__startswith=SYNTHETIC_PREFIX).delete()
    content_changed()
