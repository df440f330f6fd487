"""The two full-text engines behind one small interface: both match every (stemmed) word of the
query, rank the matches and cut a snippet with highlights between two private-use characters."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

from .models import SearchEntry

HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"
ELLIPSIS = "…"
MAX_TERMS = 12
SNIPPET_WORDS = 32


def query_terms(text):
    """The words of a query: punctuation is never query syntax, so no query is malformed."""
    return re.findall(r"\w+", text.lower())[:MAX_TERMS]


class SQLiteBackend:
    """SQLite FTS5 over ``search_searchentry_fts``, ranked by weighted BM25."""

    table = "search_searchentry_fts"

    def _match(self, terms):
        # Each term a quoted FTS5 string: no operator a reader types can break the query.
        return " ".join(f'"{term}"' for term in terms)

    def matches(self, terms):
        sql = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s"
        return SearchEntry.objects.filter(pk__in=RawSQL(sql, [self._match(terms)]))

    def ranked_ids(self, terms, kind, offset, limit):
        sql = (
            f"SELECT entry.id FROM {self.table} JOIN search_searchentry entry ON entry.id = {self.table}.rowid"
            f" WHERE {self.table} MATCH %s{' AND entry.kind = %s' if kind else ''}"
            f" ORDER BY {self.table}.rank, entry.id LIMIT %s OFFSET %s"
        )
        params = [self._match(terms), *([kind] if kind else []), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def snippets(self, terms, ids):
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet({self.table}, 1, %s, %s, %s, %s) FROM {self.table}"
            f" WHERE {self.table} MATCH %s AND rowid IN ({placeholders})"
        )
        params = [HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS, SNIPPET_WORDS, self._match(terms), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def refresh(self, entries):
        """Nothing to do: triggers keep FTS5 in step with the entry table."""


class PostgreSQLBackend:
    """PostgreSQL full-text search over the weighted ``vector`` column (GIN-indexed)."""

    config = "english"
    # D, C, B, A: the title (A) counts five times the body (B); rank divided by
    # 1 + log(length), so a long body does not win on repetition alone.
    weights = [0.05, 0.1, 0.2, 1.0]
    normalization = 1

    def _query(self, terms):
        return SearchQuery(" ".join(terms), search_type="plain", config=self.config)

    def matches(self, terms):
        return SearchEntry.objects.filter(vector=self._query(terms))

    def ranked_ids(self, terms, kind, offset, limit):
        entries = self.matches(terms)
        if kind:
            entries = entries.filter(kind=kind)
        rank = SearchRank(F("vector"), self._query(terms), weights=self.weights, normalization=self.normalization)
        ranked = entries.annotate(rank=rank).order_by("-rank", "pk")
        return list(ranked.values_list("pk", flat=True)[offset : offset + limit])

    def snippets(self, terms, ids):
        words = {"max_words": SNIPPET_WORDS, "min_words": SNIPPET_WORDS // 2}
        marks = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_END}
        headline = SearchHeadline("body", self._query(terms), config=self.config, **marks, **words)
        rows = SearchEntry.objects.filter(pk__in=ids).annotate(snippet=headline).values_list("pk", "snippet", "body")
        return {pk: _with_ellipses(snippet, body) for pk, snippet, body in rows}

    def refresh(self, entries):
        entries.update(
            vector=SearchVector("title", weight="A", config=self.config)
            + SearchVector("body", weight="B", config=self.config)
        )


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
