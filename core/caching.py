"""Figures derived from all the content (facet and queue counts), computed once per content version."""

import hashlib

from django.core.cache import cache

from core.version import for_request

TIMEOUT = 24 * 60 * 60  # a version outlives a day only on a quiet site: recompute then anyway


def cached_for_version(request, key, compute):
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full_key = f"derived:{for_request(request)[0]}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
