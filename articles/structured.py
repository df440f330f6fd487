"""An article page as schema.org data: ``NewsArticle`` from a news outlet, ``Article`` otherwise
(also when the outlet's kind is the editors' inference: JSON-LD has no room for the marker)."""

from core.dates import iso_partial_date
from core.provenance import provenance_of
from core.structured import SCO, without_empty

NEWS_KINDS = ("news_agency", "broadcaster", "newspaper")


def is_news(outlet):
    """A news outlet, by a kind the editors did not have to infer."""
    return outlet is not None and outlet.kind in NEWS_KINDS and provenance_of(outlet, "kind") is None


def outlet_data(outlet):
    return without_empty({"@type": "Organization", "name": outlet.name, "url": outlet.website})


def article_reference(article, absolute):
    """The article as a quotation's source: what identifies it, no more."""
    outlet = article.outlet
    return without_empty(
        {
            "@type": "NewsArticle" if is_news(outlet) else "Article",
            "headline": article.title,
            "url": absolute(article.get_absolute_url()),
            "datePublished": iso_partial_date(article.published_on, article.published_precision),
            "publisher": outlet and outlet_data(outlet),
            "inLanguage": article.language,
        }
    )


def article_data(article, absolute):
    """The page's own values: no author unless printed (``creditText``), dates only as precise as stated."""
    data = article_reference(article, absolute)
    countries = [
        {"@type": "Country", "name": country.name, "url": absolute(country.get_absolute_url())}
        for country in article.countries.all()
    ]
    return without_empty(
        {
            **data,
            "name": article.title,
            "mainEntityOfPage": data["url"],
            "creditText": article.byline,
            "abstract": article.summary,
            "isBasedOn": article.url,
            "image": absolute(article.image.url) if article.image else None,
            "about": SCO,
            "mentions": countries,
            "keywords": ", ".join(topic.name for topic in article.topics.all()),
        }
    )
