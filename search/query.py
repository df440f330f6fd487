"""Reading the index: ranked, paginated hits with a highlighted passage, and, for a query that
finds little, the same query with its misspelled words corrected."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .backends import HIGHLIGHT_END, HIGHLIGHT_START, get_backend
from .models import SearchEntry, SearchWord
from .spelling import Vocabulary, query_terms


@dataclass
class Hit:
    kind: str
    object_id: int
    snippet: str
    object: object = None  # the live object, attached by the view for the page shown


def snippet_html(snippet):
    """The snippet escaped, with the matched words in ``<mark>``."""
    return mark_safe(escape(snippet).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


SHOWN_AT_MOST = 1000  # results a reader can page through; beyond, the count reads "1,000+"


class SearchResults:
    """All matches of a query, best first, sliceable so Django's Paginator can page it: one
    query counts the matches of every kind, snippets are cut for the slice shown only, and
    pages end at ``SHOWN_AT_MOST``. ``remember(key, compute)`` may keep counts and pages."""

    def __init__(self, text, kind=None, remember=lambda key, compute: compute(), *, terms=None):
        self.terms = query_terms(text) if terms is None else terms
        self.kind = kind or None
        self.backend = get_backend()
        self.remember = remember
        self.key = f"search:{' '.join(self.terms)}"

    @property
    def text(self):
        return " ".join(self.terms)

    @cached_property
    def total(self):
        counts = self.kind_counts
        return counts.get(self.kind, 0) if self.kind else sum(counts.values())

    @property
    def capped(self):
        return self.total > SHOWN_AT_MOST

    def count(self):
        return min(self.total, SHOWN_AT_MOST)

    @cached_property
    def kind_counts(self):
        """How many matches of each kind, whatever kind is selected."""
        if not self.terms:
            return {}
        rows = self.backend.matches(self.terms).order_by().values_list("kind").annotate(n=Count("pk"))
        return self.remember(f"{self.key}:counts", lambda: dict(rows))

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("SearchResults only supports slicing.")
        if not self.terms:
            return []
        offset, limit = window.start or 0, window.stop - (window.start or 0)
        return self.remember(f"{self.key}:{self.kind}:{offset}:{limit}", lambda: self._hits(offset, limit))

    def _hits(self, offset, limit):
        ids = self.backend.ranked_ids(self.terms, self.kind, offset, limit)
        snippets = self.backend.snippets(self.terms, ids)
        rows = SearchEntry.objects.filter(pk__in=ids).values_list("pk", "kind", "object_id")
        targets = {pk: (kind, object_id) for pk, kind, object_id in rows}
        return [Hit(*targets[pk], snippet_html(snippets.get(pk, ""))) for pk in ids if pk in targets]


LITTLE = 5  # fewer matches than this and the query's words are checked for misspellings
MANY_MORE = 3  # a correction finding this many times more (and LITTLE more) is offered: "Did you mean"


@dataclass
class Correction:
    """The query with its misspellings corrected: ``shown`` when its results replace the reader's
    (the query as typed found nothing), else only offered."""

    text: str
    shown: bool


def load_vocabulary():
    return Vocabulary(dict(SearchWord.objects.values_list("word", "entries")))


def forgiving_search(text, kind=None, remember=lambda key, compute: compute(), *, as_typed=False):
    """The results of ``text`` and the correction offered (or None); when the query as typed finds
    nothing and a correction finds something, the results are the correction's."""
    results = SearchResults(text, kind, remember)
    found = sum(results.kind_counts.values())
    if as_typed or not results.terms or found >= LITTLE:
        return results, None
    corrected = remember("search:vocabulary", load_vocabulary).corrected(results.terms)
    if corrected == results.terms:
        return results, None
    other = SearchResults("", kind, remember, terms=corrected)
    other_found = sum(other.kind_counts.values())
    if not found and other_found:
        return other, Correction(other.text, shown=True)
    if other_found >= max(MANY_MORE * found, found + LITTLE):
        return results, Correction(other.text, shown=False)
    return results, None
