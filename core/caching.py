"""Figures derived from all the content (facet and queue counts), computed once per content version."""

import hashlib

from django.core.cache import cache

from core.version import for_request

TIMEOUT = 24 * 60 * 60  # a version outlives a day only on a quiet site: recompute then anyway


def cached_for_version(request, key, compute):
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return cache.get_or_set(f"derived:{for_request(request)[0]}:{digest}", compute, TIMEOUT)
