"""Content a reader could see has changed: one signal, sent by whatever changes content. Its receivers
sit in the apps that care: ``core.version`` (a new content version), ``search.index`` (the entries)."""

from django.dispatch import Signal

#: Sent with ``changes`` = {model: set of pks}, or None when anything may have changed.
changed = Signal()


def content_changed(model=None, pks=None):
    """These rows of ``model`` changed (``model=None``: anything may have)."""
    contents_changed(None if model is None or pks is None else {model: pks})


def contents_changed(changes):
    """These rows changed, {model: pks} (None: anything may have)."""
    if changes is not None:
        changes = {model: set(pks) for model, pks in changes.items() if pks}
        if not changes:
            return
    changed.send(sender=None, changes=changes)
