"""Reading the index: ranked, paginated hits with a highlighted passage."""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .backends import HIGHLIGHT_END, HIGHLIGHT_START, get_backend, query_terms
from .models import SearchEntry


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

    def __init__(self, text, kind=None, remember=lambda key, compute: compute()):
        self.terms = query_terms(text)
        self.kind = kind or None
        self.backend = get_backend()
        self.remember = remember
        self.key = f"search:{' '.join(self.terms)}"

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
