"""One call for "content a reader could see has changed"; derived data listens.

The places that change content (admin saves, deletes and bulk actions, a fixture
reload, synthetic growth) call :func:`content_changed`. The apps that keep data
derived from the content (the search index) register a listener in their
``AppConfig.ready()``. ``core`` imports no app of ours, so this is how the layers
above are told without being imported.
"""

_listeners = []


def on_content_changed(listener):
    """Register ``listener(model, pks)``; usable as a decorator. Registering twice is harmless."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def content_changed(model=None, pks=None):
    """Tell every listener: these rows of ``model`` changed (``model=None``: anything may have)."""
    pks = None if pks is None else list(pks)
    for listener in _listeners:
        listener(model, pks)
