"""Workflows that span facts, citations and articles: citing a passage, publishing facts, the reload's checks."""

import json

from django.db import transaction
from django.db.models import F

from core.batches import batches
from core.models import PublicationStatus
from core.slugs import unique_slug

from .models import Citation, Fact, Support, locate_quote, quote_error, supersede_cycle


def publication_error(fact, *, citations):
    """Why ``fact`` may not be published with ``citations``, or None: the one rule, wherever a fact is published.
    A source is what the fact's standing counts: a published article with a passage stating the whole fact."""
    citations = [citation for citation in citations if citation.article_id]  # an empty row of the form has none
    whole = [citation.article for citation in citations if citation.supports == Support.WHOLE]
    published = any(article.status == PublicationStatus.PUBLISHED for article in whole)
    if fact.status != PublicationStatus.PUBLISHED or fact.unsourced_ok or published:
        return None
    if not citations:
        return (
            f"“{fact}” cannot be published: it has no citation. Cite a passage, or tick "
            "“publish without source” to publish it labelled as unsourced."
        )
    if not whole:
        return (
            f"“{fact}” cannot be published: its passages each state only part of it, which does not make a "
            "source. Cite a passage that states the whole, or tick “publish without source” to publish it "
            "labelled as unsourced."
        )
    titles = sorted({str(article) for article in whole})
    return (
        f"Cannot publish “{fact}”: its only sources are drafts ({', '.join(titles)}). "
        f"Publish {'the article' if len(titles) == 1 else 'the articles'} first, or publish them together; "
        "or save the fact as a draft."
    )


@transaction.atomic
def cite_passage(*, article, quote, start=None, fact=None, statement="", topic=None, countries=(), events=()):
    """``(citation, created_fact)``: a passage of ``article`` cited for ``fact``, or for a new draft fact."""
    created = fact is None
    if created:
        fact = Fact(statement=statement, topic=topic, slug=unique_slug(Fact, statement, length=104, default="fact"))
        fact.full_clean()
        fact.save()
        fact.countries.set(countries)
        fact.events.set(events)
    citation = Citation(fact=fact, article=article, quote=quote, start=start or 0)
    citation.full_clean()
    citation.save()
    return citation, created


def recheck_citation_quotes(*, using="default", changed=None):
    """After a reload: a quote that moved gets its new offsets, one that is gone is a problem (returned);
    ``changed`` ({label: pks written}): only the citations of rewritten articles the reload did not validate."""
    citations = rows = Citation.objects.using(using).select_related("article", "fact").order_by("pk")
    if changed is not None:
        # Which citations, read by id first: after a first load every one was just validated,
        # and reading their articles' bodies again would be the costliest part of the check.
        # In batches: a reload may rewrite more articles than a query may have parameters.
        validated, ids = set(changed.get("facts.citation", ())), []
        for batch in batches(sorted(changed.get("articles.article", ()))):
            ids += [pk for pk in rows.filter(article__in=batch).values_list("pk", flat=True) if pk not in validated]
        citations = (citation for batch in batches(ids) for citation in rows.filter(pk__in=batch))
    problems, moved = [], []
    for citation in citations:
        position = locate_quote(citation.article.body, citation.quote, hint=citation.start)
        if position is None:
            key = json.dumps(list(citation.natural_key()), ensure_ascii=False)
            problems.append(f"facts.citation {key}: quote: {quote_error(citation.article, citation.quote)}")
        elif position != (citation.start, citation.end):
            citation.start, citation.end = position
            moved.append(citation)
    Citation.objects.using(using).bulk_update(moved, ["start", "end"], batch_size=500)
    return problems


def check_supersede_cycles(*, using="default", changed=None):
    """Facts that supersede each other in a circle, as problems (``changed``: only cycles through a fact written)."""
    rows = {
        pk: (slug, following)
        for pk, slug, following in Fact.objects.using(using).values_list("pk", "slug", "superseded_by_id")
    }
    starts = rows.keys() if changed is None else rows.keys() & set(changed.get("facts.fact", ()))
    problems = set()
    for start in starts:
        if cycle := supersede_cycle(start, lambda pk: rows[pk][1]):
            first = cycle.index(min(cycle, key=lambda pk: rows[pk][0]))
            path = [rows[pk][0] for pk in cycle[first:] + cycle[:first]]
            key = json.dumps([path[0]], ensure_ascii=False)
            problems.add(f"facts.fact {key}: superseded_by: forms a cycle: {' → '.join(path + path[:1])}")
    return sorted(problems)


def check_self_disputes(*, using="default", changed=None):
    """Facts listed as disputing themselves, as problems (``changed``: only the facts written)."""
    rows = (
        Fact.disputed_by.through.objects.using(using)
        .filter(from_fact=F("to_fact"))
        .values_list("from_fact_id", "from_fact__slug")
        .order_by("from_fact__slug")
    )
    written = None if changed is None else set(changed.get("facts.fact", ()))
    return [
        f"facts.fact {json.dumps([slug], ensure_ascii=False)}: disputed_by: a fact cannot dispute itself"
        for pk, slug in rows
        if written is None or pk in written
    ]
