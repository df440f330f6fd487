"""Test settings: fast hashing, local-memory cache, no page cache, media in a temporary folder."""

import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests count the queries of views: the page cache is off but in the tests that turn it on.
PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = tempfile.mkdtemp(prefix="sco-test-media-")
DOWNLOADS_ROOT = tempfile.mkdtemp(prefix="sco-test-downloads-")
# Empty: the tests serve static files through the finders. WhiteNoise reads every file of STATIC_ROOT
# each time a test client starts, so a collectstatic left by `make serve` would slow the whole suite.
STATIC_ROOT = tempfile.mkdtemp(prefix="sco-test-static-")
FIXTURE_BACKUP_DIR = tempfile.mkdtemp(prefix="sco-test-backups-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Backups are tested explicitly; elsewhere they would only slow the suite (pg_dump).
FIXTURE_BACKUPS = False
# The search index is derived data: tests that restore the seed from a snapshot rebuild it.
TEST_NON_SERIALIZED_APPS = ["search"]
