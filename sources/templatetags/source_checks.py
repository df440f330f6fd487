"""What readers see of a source's archived copy and of the last check of its address."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


def _check(article):
    try:
        return article.link_check
    except ObjectDoesNotExist:
        return None


@register.filter
def passage_missing(citation):
    """True when the last check of the cited article's address did not find the passage."""
    check = _check(citation.article)
    return check is not None and check.passage_of(citation.pk) == "missing"


@register.inclusion_tag("includes/source_record.html")
def source_record(article):
    """The archived copy (newest capture) and the last check, for the article page's details."""
    return {"article": article, "capture": article.captures.first(), "check": _check(article)}
