"""Querysets the public pages share: what a reader may see, with what each page shows of it."""

from django.db.models import Prefetch

from countries.models import CountryStatus
from facts.models import Citation, Fact


def published_citations():
    """Citations a reader can follow: both ends published, with the source's outlet and date."""
    return (
        Citation.objects.published()
        .select_related("article__outlet")
        .order_by("article__published_on", "article__title", "start")
    )


def cited_facts():
    """Published facts with their standing and their published citations."""
    return (
        Fact.objects.published()
        .with_standing()
        .prefetch_related(Prefetch("citations", queryset=published_citations()))
    )


def public_facts():
    """Published facts as lists show them: standing, topic, sources, and what supersedes or disputes them."""
    return (
        cited_facts()
        .select_related("topic")
        .prefetch_related(
            Prefetch("superseded_by", queryset=cited_facts()),
            Prefetch("disputed_by", queryset=cited_facts().order_by("slug"), to_attr="public_disputed_by"),
        )
    )


def status_history(*, sources=False):
    """Every status row with its country, deciding event and published fact (None when a draft)."""
    facts = cited_facts() if sources else Fact.objects.published().with_standing()
    return CountryStatus.objects.select_related("country", "decided_at").prefetch_related(
        Prefetch("fact", queryset=facts)
    )
