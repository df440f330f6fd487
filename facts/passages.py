"""An article body as HTML, each cited passage a ``<mark id="cite-<pk>">`` and a numbered link to its fact.

Marks nest where passages nest; where they cross, or at a paragraph break, a mark is closed and
reopened as a continuation (``data-cite`` without ``id``): the HTML stays well formed, one anchor each.
"""

import re
from collections import defaultdict, namedtuple

from django.db.models import Prefetch
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core.models import PublicationStatus

from .models import Citation, Fact, locate_quote

PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
# A line of at most five words with no closing punctuation is the source's sub-heading
# ("Expanded community"), shown as one; its text stays as the body has it.
PLAIN_PARAGRAPH = re.compile(r"<p>([^<]{1,80})</p>")


def _sub_heading(match):
    text = match.group(1)
    if len(text.split()) <= 5 and text[-1].isalnum():
        return f'<h3 class="body-heading">{text}</h3>'
    return match.group(0)


Passage = namedtuple("Passage", "anchor start end ref fact_url statement")
SupportedFact = namedtuple("SupportedFact", "ref fact anchor")  # numbered in order of first passage


def passages(article, citations, url=Fact.get_absolute_url):
    """The passages of ``citations`` (``fact`` loaded) in body order, and the facts they support, numbered in the
    order their numbers appear, at the passages' ends (a passage inside a longer one ends first); a quote no
    longer in the body is skipped."""
    located = [(locate_quote(article.body, citation.quote, hint=citation.start), citation) for citation in citations]
    located = [(at, citation) for at, citation in located if at]
    facts = {}
    for _, citation in sorted(located, key=lambda item: (item[0][1], item[0][0], item[1].pk)):
        facts.setdefault(citation.fact_id, SupportedFact(len(facts) + 1, citation.fact, citation.anchor))
    result = [
        Passage(citation.anchor, start, end, facts[citation.fact_id].ref, url(citation.fact), str(citation.fact))
        for (start, end), citation in sorted(located, key=lambda item: (item[0][0], -item[0][1], item[1].pk))
    ]
    return result, list(facts.values())


def render_body(body, placed):
    """The body as paragraphs, with ``placed`` passages (from :func:`passages`) marked."""
    starts, ends = defaultdict(list), defaultdict(list)
    for passage in placed:
        starts[passage.start].append(passage)
        ends[passage.end].append(passage)
    points = sorted({0, len(body), *starts, *ends})
    html, stack, marks, anchored = [], [], [], set()  # stack: passages over here, outermost first; marks: open
    in_paragraph = False

    def close(depth):
        html.append("</mark>" * (len(marks) - depth))
        del marks[depth:]

    def resume():
        nonlocal in_paragraph
        if not in_paragraph:
            html.append("<p>")
            in_paragraph = True
        depth = 0
        while depth < min(len(marks), len(stack)) and marks[depth] is stack[depth]:
            depth += 1
        close(depth)

    def end_paragraph():
        nonlocal in_paragraph
        if in_paragraph:
            close(0)
            html.append("</p>\n")
            in_paragraph = False

    def open_mark(passage):
        if passage.anchor in anchored:
            html.append(format_html('<mark class="cite cite-cont" data-cite="{}">', passage.anchor))
        else:
            anchored.add(passage.anchor)
            mark = '<mark class="cite" id="{0}" data-cite="{0}" title="Cited for: {1}">'
            html.append(format_html(mark, passage.anchor, passage.statement))
        marks.append(passage)

    for here, following in zip(points, points[1:] + [None], strict=True):
        if ending := ends[here]:
            for passage in ending:
                stack.remove(passage)
            resume()
            for passage in ending:
                if passage.anchor not in anchored:  # a passage of whitespace only still gets its anchor
                    open_mark(passage)
                    close(len(marks) - 1)
            refs = {passage.ref: passage for passage in ending}  # one number per fact
            links = format_html_join(
                ", ",
                '<a href="{}" data-ref="{}" aria-label="Fact {}: {}">{}</a>',
                ((p.fact_url, p.ref, p.ref, p.statement, p.ref) for p in refs.values()),
            )
            html.append(format_html('<sup class="cite-ref">{}</sup>', links))
        stack.extend(sorted(starts[here], key=lambda p: -p.end))
        for index, piece in enumerate(PARAGRAPH_BREAK.split(body[here:following]) if following is not None else []):
            if index:
                end_paragraph()
            if piece:
                resume()
                for passage in stack[len(marks) :]:
                    open_mark(passage)
                html.append(escape(piece))
    end_paragraph()
    return mark_safe(PLAIN_PARAGRAPH.sub(_sub_heading, "".join(html)))


def cited_body(article):
    """``html``: ``article``'s body with the passages of published facts marked; ``supported``: those facts."""
    citations = Citation.objects.filter(article=article, fact__status=PublicationStatus.PUBLISHED)
    fact = Prefetch("fact", queryset=Fact.objects.for_lists())
    placed, supported = passages(article, citations.prefetch_related(fact).order_by("start", "pk"))
    return {"html": render_body(article.body, placed), "supported": supported}
