"""Full-text matching for list filters, provided by the app that keeps the index.

A content app's FilterSet may offer a text filter without importing the search
app (which sits above it): it calls :func:`matching`, and the search app
registers its index in ``AppConfig.ready()``. Without an index, a plain
case-insensitive match on the given fields is used.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Q

_matcher = None


def register_matcher(matcher):
    """``matcher(model, text)`` returns the primary keys (a queryset of them) of matching rows."""
    global _matcher
    _matcher = matcher


def matching(queryset, text, *, fallback_fields):
    """Rows of ``queryset`` that contain every word of ``text``."""
    if _matcher is not None:
        return queryset.filter(pk__in=_matcher(queryset.model, text))
    words = text.split()
    if not words:
        return queryset
    per_word = (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fallback_fields)) for word in words)
    return queryset.filter(reduce(and_, per_word))
