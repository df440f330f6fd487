""" "Cite this fact": the permalink and a ready citation as plain text, BibTeX and CSL-JSON
(Zotero, Pandoc), naming the site, the fact, its published sources and the access date;
no author beyond the site, no date of our own for the fact.
"""

import json

from core.structured import SITE_NAME

# What BibTeX reads as commands or groups, written so that it prints them.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{c: "\\" + c for c in "{}%&$#_"},
    }
)


def bibtex_escape(text):
    return text.translate(_BIBTEX_ESCAPES)


def cite_fact(fact, permalink, accessed):
    """``permalink``, ``text``, ``bibtex`` and ``csl_json`` citing ``fact`` (its published
    citations prefetched) at ``permalink``, accessed on ``accessed``."""
    articles = {citation.article.pk: citation.article for citation in fact.citations.all()}.values()
    sources = "; ".join(
        ", ".join(
            filter(None, [article.outlet and str(article.outlet), f"“{article.title}”", article.published_display])
        )
        for article in articles
    )
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
    return {"permalink": permalink, "text": text, "bibtex": bibtex, "csl_json": csl_json}
