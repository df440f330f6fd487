"""Bring the database to the fixture files in ``fixtures/``, and write it back.

The fixture format is Django's serialisation with natural keys and no primary keys,
one file per model (``facts.fact.json``), entries sorted by natural key, many-to-many
lists sorted, two-space indentation: :func:`fixture_sync.export.export_fixtures` writes
exactly that, and :func:`fixture_sync.reload.reload_fixtures` reads any set of such files.

Editors' work is protected by :class:`fixture_sync.models.FixtureRecord`: for every row
a reload wrote it keeps a digest of the fixture entry and one of the row as written. A
row whose digest has moved since was edited in the admin; a reload that would touch it
stops and names it, unless forced.

Which models are synced, and their natural keys, come from ``settings.FIXTURE_MODELS``;
the checks run after loading from ``settings.FIXTURE_CHECKS``. This app imports no
content app: only :mod:`fixture_sync.synthetic`, the synthetic-content generator, does.
"""
