""" "Cite this fact": the permalink and a ready citation in three forms.

A plain-text style for pasting into prose, BibTeX for LaTeX, and CSL-JSON for reference
managers (Zotero, Pandoc). Each names the site, the fact (our statement, under its
permanent slug address), its published sources (outlet, title and date as precisely as
the source gives it) and the access date. Nothing else is claimed: no author beyond the
site, no date of our own for the fact.
"""

import json
from dataclasses import dataclass

from core.structured import SITE_NAME

# What BibTeX reads as commands or groups, written so that it prints them.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Citations:
    permalink: str
    text: str
    bibtex: str
    csl_json: str


def bibtex_escape(text):
    return "".join(_BIBTEX_ESCAPES.get(char, char) for char in text)


def source_line(article):
    """Outlet, “title”, date as precisely as the source gives it ("undated" when it does not)."""
    parts = [str(article.outlet)] if article.outlet else []
    return ", ".join([*parts, f"“{article.title}”", article.published_display])


def sources_of(fact):
    """The published articles that state the fact, once each, in the page's order."""
    seen = {}
    for citation in fact.citations.all():
        seen.setdefault(citation.article.pk, citation.article)
    return list(seen.values())


def cite_fact(fact, permalink, accessed):
    """Citations of ``fact`` (its published citations prefetched) at ``permalink``, accessed on ``accessed``."""
    sources = "; ".join(source_line(article) for article in sources_of(fact))
    sources_note = f"Sources: {sources}." if sources else "No published source states it yet."
    day = f"{accessed.day} {accessed:%B} {accessed.year}"
    text = f"{SITE_NAME}, “{fact.statement}” (fact {fact.slug}), {permalink}. {sources_note} Accessed {day}."
    bibtex = "\n".join(
        [
            f"@misc{{scoreference:{fact.slug},",
            f"  title = {{{bibtex_escape(fact.statement)}}},",
            f"  author = {{{{{SITE_NAME}}}}},",
            f"  howpublished = {{\\url{{{permalink}}}}},",
            f"  url = {{{permalink}}},",
            f"  urldate = {{{accessed.isoformat()}}},",
            f"  note = {{{bibtex_escape(sources_note)}}},",
            "}",
        ]
    )
    csl = {
        "id": f"scoreference-{fact.slug}",
        "type": "webpage",
        "title": fact.statement,
        "container-title": SITE_NAME,
        "publisher": SITE_NAME,
        "URL": permalink,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "note": sources_note,
    }
    csl_json = json.dumps([csl], ensure_ascii=False, indent=2)
    return Citations(permalink=permalink, text=text, bibtex=bibtex, csl_json=csl_json)
