"""A fact page as a schema.org ``Claim``: our statement, and each passage that states it as
a ``Quotation`` (its verbatim text, the link to the passage, the article it is part of)."""

from articles.structured import article_reference
from core.structured import SCO, without_empty
from people.models import Attribution


def citation_data(citation, absolute):
    speaker = citation.speaker
    person = (
        {"@type": "Person", "name": speaker.name, "url": absolute(speaker.get_absolute_url())} if speaker else None
    )
    said = citation.attribution == Attribution.SAID
    return without_empty(
        {
            "@type": "Quotation",
            "text": citation.quote,
            "url": absolute(citation.get_absolute_url()),
            "inLanguage": citation.article.language,
            "creator": person if said else None,
            "about": None if said else person,
            "isPartOf": article_reference(citation.article, absolute),
        }
    )


def fact_data(fact, absolute):
    """``fact.citations`` are the published ones (as the page's queryset prefetches them)."""
    return without_empty(
        {
            "@type": "Claim",
            "name": fact.statement,
            "text": fact.statement,
            "identifier": fact.slug,
            "url": absolute(fact.get_absolute_url()),
            "about": SCO,
            "appearance": [citation_data(citation, absolute) for citation in fact.citations.all()],
        }
    )
