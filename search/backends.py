"""The two full-text engines behind one small interface: both match every (stemmed) word of the
query in any of its spellings, rank the matches (a country, event or person named by the query
first, then facts, then the other records, then sources) and cut a snippet with highlights between
two private-use characters."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from .models import SearchEntry
from .spelling import spellings

HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_WORDS = 32
Kind = SearchEntry.Kind
NAMED = (Kind.COUNTRY, Kind.EVENT, Kind.PERSON)  # records a query may name (their title holds every name)
# Tiers before rank: a record whose name holds every word (0), facts (1), other records (2), sources
# (3); within a tier, an entry whose title (a fact's statement) holds every word comes first.
TIER_SQL = (
    "CASE WHEN kind IN ('country', 'event', 'person') AND in_title THEN 0"
    " WHEN kind = 'fact' THEN 1 WHEN kind = 'article' THEN 3 ELSE 2 END"
)


class SQLiteBackend:
    """SQLite FTS5 over ``search_searchentry_fts``, ranked by weighted BM25."""

    table = "search_searchentry_fts"

    def _match(self, terms, column=""):
        # Each spelling a quoted FTS5 string: no operator a reader types can break the query.
        groups = (" OR ".join(f'"{spelling}"' for spelling in spellings(term)) for term in terms)
        expression = " AND ".join(f"({group})" for group in groups)
        return f"{column}({expression})" if column else expression

    def matches(self, terms):
        sql = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s"
        return SearchEntry.objects.filter(pk__in=RawSQL(sql, [self._match(terms)]))

    def ranked_ids(self, terms, kind, offset, limit):
        in_title = f"entry.id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
        matched = (
            f"SELECT entry.id, entry.kind, {self.table}.rank AS rank, {in_title} AS in_title"
            f" FROM {self.table} JOIN search_searchentry entry ON entry.id = {self.table}.rowid"
            f" WHERE {self.table} MATCH %s{' AND entry.kind = %s' if kind else ''}"
        )
        sql = f"SELECT id FROM ({matched}) ORDER BY {TIER_SQL}, in_title DESC, rank, id LIMIT %s OFFSET %s"
        params = [self._match(terms, "title : "), self._match(terms), *([kind] if kind else []), limit, offset]
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

    def _query(self, terms, weight=""):
        # Every spelling of every word (letters and digits only, so never tsquery syntax); a weight
        # restricts the match to the title (A).
        groups = (" | ".join(f"{spelling}{weight}" for spelling in spellings(term)) for term in terms)
        return SearchQuery(" & ".join(f"({group})" for group in groups), search_type="raw", config=self.config)

    def matches(self, terms):
        return SearchEntry.objects.filter(vector=self._query(terms))

    def ranked_ids(self, terms, kind, offset, limit):
        entries = self.matches(terms)
        if kind:
            entries = entries.filter(kind=kind)
        rank = SearchRank(F("vector"), self._query(terms), weights=self.weights, normalization=self.normalization)
        in_title = Q(vector=self._query(terms, ":A"))
        tier = Case(
            When(Q(kind__in=NAMED) & in_title, then=Value(0)),
            When(kind=Kind.FACT, then=Value(1)),
            When(kind=Kind.ARTICLE, then=Value(3)),
            default=Value(2),
            output_field=IntegerField(),
        )
        title_first = Case(When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField())
        ranked = entries.annotate(tier=tier, title_first=title_first, rank=rank)
        ranked = ranked.order_by("tier", "title_first", "-rank", "pk")
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
