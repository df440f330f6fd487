"""Bring the database to the fixture files in ``fixtures/`` (:mod:`fixture_sync.reload`), and write
it back (:mod:`fixture_sync.export`). The models and their natural keys come from
``settings.FIXTURE_MODELS``; no module but :mod:`fixture_sync.synthetic` imports a content app."""
