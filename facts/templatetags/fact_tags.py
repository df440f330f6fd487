"""Facts on any page: their standing, their figures, and links into the passages that state them."""

from urllib.parse import quote

from django import template

from people.models import others_with_role

from .. import passages
from ..citing import cite_for_request
from ..models import Standing, Support

register = template.Library()

STANDING_HELP = {
    Standing.UNSOURCED: "No published source states this yet.",
    Standing.SINGLE_SOURCE: "One published source states this.",
    Standing.CORROBORATED: "Two or more published sources state this.",
    Standing.DISPUTED: "Another fact on this site contradicts this one.",
    Standing.SUPERSEDED: "A newer fact replaces this one.",
}


register.simple_tag(passages.cited_body, name="cited_body")  # {% cited_body article as cited %}


@register.inclusion_tag("includes/standing.html")
def standing(fact):
    """The standing label of a fact (``None`` for a claim with no published fact: unsourced)."""
    value = Standing.UNSOURCED if fact is None else fact.current_standing
    return {"value": value.value, "label": value.label, "help": STANDING_HELP[value]}


@register.filter
def text_fragment(quote_text):
    """A ``#:~:text=`` directive that finds ``quote_text`` in a page: whole, or by its first and last words."""
    words = quote_text.split()
    parts = [words] if len(words) <= 10 else [words[:5], words[-5:]]
    return "#:~:text=" + ",".join(quote(" ".join(part), safe="").replace("-", "%2D") for part in parts)


SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")]


@register.filter
def figure(fact):
    """A fact's value as the source gives it, qualifier and unit included: "890 billion USD",
    "over 100 events", "nearly 70 percent"."""
    if fact.value is None:
        return ""
    qualifier = "" if fact.value_qualifier in ("", "exactly") else f"{fact.get_value_qualifier_display()} "
    for size, word in SCALES:
        if abs(fact.value) >= size:
            return f"{qualifier}{(fact.value / size).normalize():f} {word} {fact.unit}".strip()
    return f"{qualifier}{fact.value.normalize():,f} {fact.unit}".strip()


@register.simple_tag(takes_context=True)
def cite_this(context, fact):
    """``{% cite_this fact as cite %}``: the fact's permalink and ready citations (facts.citing)."""
    return cite_for_request(context["request"], fact)


@register.simple_tag(takes_context=True)
def role_others(context, citation):
    """``{% role_others citation as others %}``: the people other sources give this citation's role to."""
    if not citation.speaker_id or not citation.speaker_role:
        return []
    return others_with_role(context["request"], citation.speaker_role, citation.speaker.slug)


@register.filter
def states_part_only(passages):
    """Whether none of a document's ``passages`` states the whole fact (so its standing does not count it)."""
    return all(citation.supports == Support.PART for citation in passages)


@register.filter
def by_document(citations):
    """Citations grouped by their article, in order of first appearance: ``[(article, [citation, …]), …]``,
    so that a list names each source once ("CGTN, undated — 2 passages")."""
    groups = {}
    for citation in citations:
        groups.setdefault(citation.article_id, (citation.article, []))[1].append(citation)
    return list(groups.values())
