"""What readers see of a source's archived copy and of the last check of its address."""

from django import template

register = template.Library()


@register.filter
def passage_missing(citation):
    """True when the last check of the cited article's address did not find the passage."""
    check = getattr(citation.article, "link_check", None)  # a missing related row is an AttributeError too
    return check is not None and check.passages.get(str(citation.pk)) == "missing"


@register.inclusion_tag("includes/source_record.html")
def source_record(article):
    """The archived copy (newest capture) and the last check, for the article page's details."""
    return {"article": article, "capture": article.captures.first(), "check": getattr(article, "link_check", None)}
