"""Quotes are verbatim passages: where one sits in a body, and why one was refused."""

import re

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})
_SPACE = re.compile(r"\s+")


def fold(text):
    """Whitespace and quote marks folded; used only to explain a refused quote."""
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def locate_quote(body, quote, hint=None):
    """Return (start, end) of ``quote`` in ``body``, preferring the occurrence at ``hint``."""
    if hint is not None and body[hint : hint + len(quote)] == quote:
        return hint, hint + len(quote)
    start = body.find(quote)
    if start < 0:
        return None
    return start, start + len(quote)


def quote_error(article, quote):
    """The plain message an editor sees for a quote that is not verbatim in the article."""
    opening = quote[:60] + ("…" if len(quote) > 60 else "")
    message = f"The quote “{opening}” does not occur in the article “{article.title}”."
    if fold(quote) and fold(quote) in fold(article.body):
        message += (
            " It matches only if whitespace or quote marks are ignored: copy the passage exactly"
            " as the article has it (curly and straight quotes differ)."
        )
    return message
