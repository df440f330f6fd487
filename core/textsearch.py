"""The text filter of a public list: every word of the query in one of the given fields. No search
index: a substring match over a few columns is fast at our sizes (``benchmarks/list_sizes.py``)."""

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
