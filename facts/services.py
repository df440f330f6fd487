"""Workflows that span facts, citations and articles: citing a passage, publishing facts."""

import json

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify

from core.models import PublicationStatus

from .models import Citation, Fact
from .quotes import locate_quote, quote_error


def unsourced_refusal(fact):
    """The plain message for a fact that would be published with no citation."""
    return (
        f"“{fact}” cannot be published: it has no citation. Cite a passage, or tick "
        "“publish without source” to publish it labelled as unsourced."
    )


def publication_error(fact, *, citation_count):
    """Why ``fact`` may not be published with ``citation_count`` citations, or None."""
    if fact.status != PublicationStatus.PUBLISHED or fact.unsourced_ok or citation_count > 0:
        return None
    return unsourced_refusal(fact)


def publish_facts(*, facts):
    """Publish each draft that has a citation or is marked unsourced; return (published, refusals)."""
    candidates = (
        Fact.objects.drafts()
        .filter(pk__in=[fact.pk for fact in facts])
        .annotate(citation_count=Count("citations"))
        .order_by("slug")
    )
    published, refusals = [], []
    for fact in candidates:
        fact.status = PublicationStatus.PUBLISHED
        error = publication_error(fact, citation_count=fact.citation_count)
        if error:
            refusals.append(error)
        else:
            published.append(fact)
    Fact.objects.filter(pk__in=[fact.pk for fact in published]).update(status=PublicationStatus.PUBLISHED)
    return published, refusals


def unique_fact_slug(statement):
    base = slugify(statement)[:100].strip("-") or "fact"
    taken = set(Fact.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def passage_citation(*, article, quote, start=None, fact=None):
    """An unsaved citation of ``quote``, checked against the article body (ValidationError if absent)."""
    citation = Citation(article=article, fact=fact, quote=quote, start=start or 0)
    citation.clean()
    return citation


@transaction.atomic
def cite_passage(*, article, quote, start=None, fact=None, statement="", topic=None, countries=(), events=()):
    """Cite a passage of ``article`` for ``fact``, or for a new draft fact stated as ``statement``.

    Returns ``(citation, created_fact)``. Raises ValidationError, and writes nothing, when
    the quote is not verbatim in the body or the fact already cites it.
    """
    passage_citation(article=article, quote=quote, start=start)
    created = fact is None
    if created:
        fact = Fact(statement=statement, topic=topic, slug=unique_fact_slug(statement))
        fact.full_clean()
        fact.save()
        fact.countries.set(countries)
        fact.events.set(events)
    citation = Citation(fact=fact, article=article, quote=quote, start=start or 0)
    citation.full_clean()
    citation.save()
    return citation, created


def recheck_citation_quotes(*, using="default"):
    """Every citation, old or new, still quotes its article verbatim; return the problems.

    Run after a fixture reload, whose article bodies may have changed: a quote that moved
    gets its new offsets, a quote that is gone is a problem.
    """
    problems = []
    moved = []
    for citation in Citation.objects.using(using).select_related("article", "fact"):
        position = locate_quote(citation.article.body, citation.quote, hint=citation.start)
        if position is None:
            message = quote_error(citation.article, citation.quote)
            key = json.dumps(list(citation.natural_key()), ensure_ascii=False)
            problems.append(f"facts.citation {key}: quote: {message}")
        elif position != (citation.start, citation.end):
            citation.start, citation.end = position
            moved.append(citation)
    Citation.objects.using(using).bulk_update(moved, ["start", "end"], batch_size=500)
    return problems
