""" "Cite this fact": a ready citation as plain text, BibTeX, RIS and CSL-JSON (Zotero, Pandoc, EndNote)."""

import json

from django.utils import timezone

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


def cite_for_request(request, fact):
    """:func:`cite_fact` with the fact's address on this site, read today (the page's cite block and its files)."""
    return cite_fact(fact, request.build_absolute_uri(fact.get_absolute_url()), timezone.localdate())


def cite_fact(fact, permalink, accessed):
    """``permalink``, ``text``, ``bibtex``, ``ris`` and ``csl_json`` citing ``fact`` (published citations prefetched):
    the site its author, the fact's last change its date, its sources in a note."""
    articles = {citation.article.pk: citation.article for citation in fact.citations.all()}.values()
    sources = "; ".join(
        ", ".join(
            filter(None, [article.outlet and str(article.outlet), f"“{article.title}”", article.published_display])
        )
        for article in articles
    )
    sources_note = f"Sources: {sources}." if sources else "No published source states it yet."
    issued = timezone.localdate(fact.modified_at)
    text = (
        f"{SITE_NAME}, “{fact.statement}” (fact {fact.slug}), last changed {issued.day} {issued:%B %Y}, {permalink}. "
        f"{sources_note} Accessed {accessed.day} {accessed:%B %Y}."
    )
    bibtex_fields = {
        "title": bibtex_escape(fact.statement),
        "author": f"{{{SITE_NAME}}}",
        "year": issued.year,
        "date": issued.isoformat(),
        "howpublished": f"\\url{{{permalink}}}",
        "url": permalink,
        "urldate": accessed.isoformat(),
        "note": bibtex_escape(sources_note),
    }
    fields = [f"  {name} = {{{value}}}," for name, value in bibtex_fields.items()]
    bibtex = "\n".join([f"@misc{{scoreference:{fact.slug},", *fields, "}"])
    # RIS: two-letter tags, CRLF line ends, "ER" closing the record.
    ris_tags = [
        ("TY", "ELEC"),
        ("AU", SITE_NAME),
        ("TI", fact.statement),
        ("PY", issued.year),
        ("DA", f"{issued:%Y/%m/%d}"),
        ("UR", permalink),
        ("Y2", f"{accessed:%Y/%m/%d}"),
        ("N1", sources_note),
        ("ER", ""),
    ]
    ris = "".join(f"{tag}  - {value}\r\n" for tag, value in ris_tags)
    csl = {
        "id": f"scoreference-{fact.slug}",
        "type": "webpage",
        "title": fact.statement,
        "author": [{"literal": SITE_NAME}],
        "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
        "URL": permalink,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "note": sources_note,
    }
    csl_json = json.dumps([csl], ensure_ascii=False, indent=2)
    return {"permalink": permalink, "text": text, "bibtex": bibtex, "ris": ris, "csl_json": csl_json}
