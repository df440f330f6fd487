"""Pieces of public pages cached as HTML under the content version: a list's items, its filter form.

A page-cache miss (another query string, another page of a list) then renders only what is
new: each item of a list is stored under the content version and the object's primary key,
the items of a page are read with one ``get_many``, and only the misses get their related
rows and are rendered. Any announced content change gives the content a new version
(:mod:`core.version`), so a fragment is never stale: the old ones are no longer asked for.

Fragments are rendered without the request, from what every reader may see, so no user's
data can get into one. Editors and previews neither read nor write them all the same: what
they are shown comes straight from the database.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from .caching import TIMEOUT, version_of


def may_share(request):
    """Whether this request may read and write shared fragments: no preview, no session.

    Whoever has a session may be an editor; asking would read the session, and a page that
    read it varies on the cookie and could no longer be cached whole (core.pagecache).
    """
    if "preview" in request.GET:  # staff previews of drafts (core.preview)
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class Item:
    """One row of a list page and its HTML; ``{{ item }}`` shows the HTML."""

    __slots__ = ("row", "html")

    def __init__(self, row, html):
        self.row = row  # the object's pk and the fields the list page reads (render_items)
        self.html = mark_safe(html)  # rendered by a template, escaped there

    def __html__(self):
        return self.html

    def __str__(self):
        return self.html


def render_items(request, page, template_name, *, objects, name, fields=(), page_key=None, **extra):
    """The items of one page of a list, each row of ``page`` with its HTML.

    ``page`` (a sliced queryset) is read as primary keys and ``fields`` only; one
    ``get_many`` finds the cached HTML; only the objects missing from the cache are read
    in full from ``objects`` (related rows included) and rendered with ``template_name``,
    the object as ``name``, with ``extra``.

    With a ``page_key`` (a string naming this page of this list: its filters and number),
    the page's rows and their HTML are also kept together under the content version, so
    the next request for the same page, whatever else its query string says, reads them
    with one cache lookup and no query.
    """
    variant = urlencode(sorted((key, str(value)) for key, value in extra.items()))
    shared = may_share(request)
    page_entry = None
    if shared and page_key is not None and settings.LIST_PAGES_CACHED:
        digest = hashlib.sha256(f"{template_name}?{variant}:{page_key}".encode()).hexdigest()[:32]
        page_entry = f"fragment-page:{version_of(request)}:{digest}"
        stored = cache.get(page_entry)
        if stored is not None:
            return [Item(row, html) for row, html in stored]
    rows = list(page.values_list("pk", *fields, named=True))
    template = get_template(template_name)
    prefix = f"fragment:{version_of(request)}:{template_name}?{variant}:"
    keys = {row.pk: prefix + str(row.pk) for row in rows}
    html = cache.get_many(list(keys.values())) if shared and keys else {}
    missing = [pk for pk, key in keys.items() if key not in html]
    if missing:
        rendered = {keys[pk]: template.render({name: obj, **extra}) for pk, obj in objects.in_bulk(missing).items()}
        if shared:
            cache.set_many(rendered, TIMEOUT)
        html.update(rendered)
    # A row gone between the two queries (deleted meanwhile) is left out.
    items = [(row, html[keys[row.pk]]) for row in rows if keys[row.pk] in html]
    if page_entry is not None:
        cache.set(page_entry, items, TIMEOUT)
    return [Item(row, html) for row, html in items]


def cached_html(request, key, render):
    """``render()``, or the HTML it gave for this content version under ``key`` (any string)."""
    if not may_share(request):
        return mark_safe(render())
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full_key = f"fragment:{version_of(request)}:{digest}"
    html = cache.get(full_key)
    if html is None:
        html = render()
        cache.set(full_key, html, TIMEOUT)
    return mark_safe(html)
