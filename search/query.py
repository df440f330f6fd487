"""Reading the index, on either full-text engine: every (stemmed) word of the query matched in any of its
spellings, ranked, paginated, with a highlighted passage; a query that finds little is corrected."""

from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry, SearchWord
from .spelling import Vocabulary, query_terms, spellings

HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_WORDS = 32
# Of the matched rows (id, kind, object_id, rank: lowest first, in_title), tiers before rank: a record whose
# name holds every word (0), facts (1), other records (2), sources (3); within a tier, an entry whose title (a
# fact's statement) holds every word comes first.
ORDER_SQL = (
    "CASE WHEN kind IN ('country', 'event', 'person') AND in_title THEN 0"
    " WHEN kind = 'fact' THEN 1 WHEN kind = 'article' THEN 3 ELSE 2 END, in_title DESC, rank, id"
)


class SQLiteBackend:
    """FTS5 over ``search_searchentry_fts`` (kept in step by triggers), ranked by weighted BM25."""

    table = "search_searchentry_fts"

    def _match(self, terms, column=""):
        # Each spelling a quoted FTS5 string: no operator a reader types can break the query.
        groups = (" OR ".join(f'"{spelling}"' for spelling in spellings(term)) for term in terms)
        expression = " AND ".join(f"({group})" for group in groups)
        return f"{column}({expression})" if column else expression

    def matches(self, terms):
        sql = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s"
        return SearchEntry.objects.filter(pk__in=RawSQL(sql, [self._match(terms)]))

    def matched(self, terms):
        in_title = f"entry.id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
        sql = (
            f"SELECT entry.id, entry.kind, entry.object_id, {self.table}.rank AS rank, {in_title} AS in_title"
            f" FROM {self.table} JOIN search_searchentry entry ON entry.id = {self.table}.rowid"
            f" WHERE {self.table} MATCH %s"
        )
        return sql, [self._match(terms, "title : "), self._match(terms)]

    def snippets(self, terms, ids):
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet({self.table}, 1, %s, %s, %s, %s) FROM {self.table}"
            f" WHERE {self.table} MATCH %s AND rowid IN ({placeholders})"
        )
        return dict(rows(sql, [HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS, SNIPPET_WORDS, self._match(terms), *ids]))


class PostgreSQLBackend:
    """PostgreSQL full-text search over the weighted ``vector`` column (GIN-indexed)."""

    config = "english"
    # D, C, B, A: the title (A) counts five times the body (B); rank divided by
    # 1 + log(length), so a long body does not win on repetition alone.
    weights = "{0.05, 0.1, 0.2, 1.0}"

    def _text(self, terms, weight=""):
        # Letters and digits only, so never tsquery syntax; a weight (A) restricts the match to the title.
        groups = (" | ".join(f"{spelling}{weight}" for spelling in spellings(term)) for term in terms)
        return " & ".join(f"({group})" for group in groups)

    def _query(self, terms):
        return SearchQuery(self._text(terms), search_type="raw", config=self.config)

    def matches(self, terms):
        return SearchEntry.objects.filter(vector=self._query(terms))

    def matched(self, terms):
        query = f"to_tsquery('{self.config}', %s)"
        sql = (  # rank negated: lowest first, as FTS5's is
            f"SELECT id, kind, object_id, -ts_rank(%s::real[], vector, {query}, 1) AS rank,"
            f" vector @@ {query} AS in_title FROM search_searchentry WHERE vector @@ {query}"
        )
        return sql, [self.weights, self._text(terms), self._text(terms, ":A"), self._text(terms)]

    def snippets(self, terms, ids):
        words = {"max_words": SNIPPET_WORDS, "min_words": SNIPPET_WORDS // 2}
        marks = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_END}
        headline = SearchHeadline("body", self._query(terms), config=self.config, **marks, **words)
        rows = SearchEntry.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet", "body")
        return {pk: _with_ellipses(snippet, body) for pk, snippet, body in rows}


def rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _with_ellipses(snippet, body):
    """Mark a headline cut from the middle of a text, as FTS5's snippet() does."""
    plain = snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    if plain and not body.lstrip().startswith(plain[:20]):
        snippet = f"{ELLIPSIS}{snippet}"
    if plain and not body.rstrip().endswith(plain[-20:]):
        snippet = f"{snippet}{ELLIPSIS}"
    return snippet


def get_backend():
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()


@dataclass
class Hit:
    kind: str
    object_id: int
    snippet: str
    object: object = None  # the live object, attached by the view for the page shown


SHOWN_AT_MOST = 1000  # results a reader can page through; beyond, the count reads "1,000+"


class SearchResults:
    """All matches of a query, best first, sliceable for Django's Paginator: snippets are cut for the slice
    shown only, pages end at ``SHOWN_AT_MOST``, and ``remember(key, compute)`` may keep counts and pages."""

    def __init__(self, text, kind=None, remember=lambda key, compute: compute(), *, terms=None):
        self.terms = query_terms(text) if terms is None else terms
        self.kind = kind or None
        self.backend = get_backend()
        self.remember = remember
        self.key = f"search:{' '.join(self.terms)}"

    @cached_property
    def total(self):
        return self.kind_counts.get(self.kind, 0) if self.kind else sum(self.kind_counts.values())

    @property
    def capped(self):
        return self.total > SHOWN_AT_MOST

    def count(self):
        return min(self.total, SHOWN_AT_MOST)

    @cached_property
    def kind_counts(self):  # whatever kind is selected
        if not self.terms:
            return {}
        rows = self.backend.matches(self.terms).order_by().values_list("kind").annotate(n=Count("pk"))
        return self.remember(f"{self.key}:counts", lambda: dict(rows))

    def __getitem__(self, window):
        if not isinstance(window, slice):  # a template's results.total is tried as results["total"] first
            raise TypeError(f"search results are read a slice at a time, not by {window!r}")
        if not self.terms:
            return []
        offset, limit = window.start or 0, window.stop - (window.start or 0)
        return self.remember(f"{self.key}:{self.kind}:{offset}:{limit}", lambda: self._hits(offset, limit))

    def _hits(self, offset, limit):
        matched, params = self.backend.matched(self.terms)
        where, params = ("WHERE kind = %s", [*params, self.kind]) if self.kind else ("", params)
        sql = f"SELECT id, kind, object_id FROM ({matched}) AS matched {where} ORDER BY {ORDER_SQL} LIMIT %s OFFSET %s"
        found = rows(sql, [*params, limit, offset])
        snippets = self.backend.snippets(self.terms, [pk for pk, _, _ in found])
        return [Hit(kind, object_id, snippet_html(snippets.get(pk, ""))) for pk, kind, object_id in found]


def snippet_html(snippet):
    return mark_safe(escape(snippet).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


LITTLE = 5  # fewer matches than this and the query's words are checked for misspellings
MANY_MORE = 3  # a correction finding this many times more (and LITTLE more) is offered: "Did you mean"
# The query corrected: ``shown`` when its results replace the reader's (which found nothing), else offered.
Correction = namedtuple("Correction", "text shown")


def forgiving_search(text, kind=None, remember=lambda key, compute: compute(), *, as_typed=False):
    """The results of ``text``, or of its correction when ``text`` finds nothing; the correction or None."""
    results = SearchResults(text, kind, remember)
    found = sum(results.kind_counts.values())
    if as_typed or not results.terms or found >= LITTLE:
        return results, None
    words = remember("search:vocabulary", lambda: Vocabulary(dict(SearchWord.objects.values_list("word", "entries"))))
    corrected = [words.correction(term) for term in results.terms]
    if corrected == results.terms:
        return results, None
    other = SearchResults("", kind, remember, terms=corrected)
    other_found = sum(other.kind_counts.values())
    if not found and other_found:
        return other, Correction(" ".join(corrected), shown=True)
    offered = other_found >= max(MANY_MORE * found, found + LITTLE)
    return results, Correction(" ".join(corrected), shown=False) if offered else None
