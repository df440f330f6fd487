"""Content a reader could see has changed: one signal, and everything that follows from it.

An edit, start to finish:

1. Whatever changes content announces it with :func:`content_changed` (one model's rows)
   or :func:`contents_changed` (several models' at once): the admin (``core.admin.ContentAdmin``
   on save, delete and bulk actions; citations and publishing in ``facts/admin.py``),
   ``reload_fixtures`` and ``grow_content``.
2. That sends the :data:`changed` signal, with ``changes`` = ``{model: pks}`` (or None:
   "anything may have changed"). Its receivers:

   - ``core.version``: gives the content a new version once the transaction commits. Cached
     pages and version-keyed figures are keyed by it (``core.pagecache``, ``core.caching``),
     so the next request on every host misses them and renders afresh;
   - ``search.index``: rewrites the search entries of the changed rows (and of the rows
     that quote them), in the same transaction.

``core`` imports no app of ours: the apps above connect their receivers in ``ready()``.
"""

from django.dispatch import Signal

#: Sent with ``changes`` = {model: set of pks}, or None when anything may have changed.
changed = Signal()


def content_changed(model=None, pks=None):
    """Announce: these rows of ``model`` changed (``model=None``: anything may have)."""
    contents_changed(None if model is None or pks is None else {model: pks})


def contents_changed(changes):
    """Announce: these rows changed, {model: pks} (None: anything may have)."""
    if changes is not None:
        changes = {model: set(pks) for model, pks in changes.items() if pks}
        if not changes:
            return
    changed.send(sender=None, changes=changes)
