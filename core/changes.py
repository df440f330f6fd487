"""One call for "content a reader could see has changed"; derived data listens.

The places that change content (admin saves, deletes and bulk actions, a fixture
reload, synthetic growth) call :func:`content_changed` (one model's rows) or
:func:`contents_changed` (several models' at once). The apps that keep data derived
from the content (the search index) register a listener in their
``AppConfig.ready()``. ``core`` imports no app of ours, so this is how the layers
above are told without being imported. Every announced change also bumps the content
version (:mod:`core.version`) that cached pages are keyed by.
"""

from core.version import bump_content_version

_listeners = []


def on_content_changed(listener):
    """Register ``listener(changes)``, where ``changes`` is {model: pks}, or None for
    "anything may have changed"; usable as a decorator. Registering twice is harmless."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def content_changed(model=None, pks=None):
    """Tell every listener: these rows of ``model`` changed (``model=None``: anything may have)."""
    contents_changed(None if model is None or pks is None else {model: pks})


def contents_changed(changes):
    """Tell every listener: these rows changed, {model: pks} (None: anything may have)."""
    if changes is not None:
        changes = {model: set(pks) for model, pks in changes.items() if pks}
        if not changes:
            return
    bump_content_version()
    for listener in _listeners:
        listener(changes)
