"""Content a reader could see has changed: one signal, and everything that follows from it.

Whatever changes content (the admin, ``reload_fixtures``, ``grow_content``) announces it with
:func:`content_changed` or :func:`contents_changed`, which send :data:`changed`. Its receivers
sit in the apps that care: ``core.version`` gives the content a new version once the transaction
commits (cached pages and figures are keyed by it), ``search.index`` rewrites the entries of the
changed rows and of the rows quoting them. ``core`` imports no app of ours.
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
