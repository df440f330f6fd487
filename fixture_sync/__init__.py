"""Bring the database to the fixture files (:mod:`.reload`) and write it back (:mod:`.export`), for the models
of ``settings.FIXTURE_MODELS``; no module but :mod:`.synthetic` imports a content app."""
