"""Figures derived from all the content (facet counts, queue counts, search totals), worked
out once per content version (:mod:`core.version`, so never stale) and shared by every host.
"""

import hashlib

from django.core.cache import cache

from core.version import for_request

TIMEOUT = 24 * 60 * 60  # a version outlives a day only on a quiet site: recompute then anyway


def cached_for_version(request, key, compute):
    """``compute()``, or its value cached for this content version under ``key`` (any string)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full_key = f"derived:{for_request(request)[0]}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
