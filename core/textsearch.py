"""The text filter of a public list: every word of the query in one of the given fields.

A list's text filter needs no search index: a list is filtered by its other choices too,
and a substring match over a few text columns is fast at the sizes we hold (see
``benchmarks/list_sizes.py``). Ranked, forgiving search is the search page's job.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Q


def matching(queryset, text, *, fallback_fields):
    """Rows of ``queryset`` that contain every word of ``text`` in one of ``fallback_fields``."""
    words = text.split()
    if not words:
        return queryset
    per_word = (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fallback_fields)) for word in words)
    return queryset.filter(reduce(and_, per_word))
