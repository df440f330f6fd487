"""What the search index holds, and the two ways of writing it.

The index is derived data, written by explicit calls: :func:`rebuild_search_index`
(the ``rebuild_search_index`` command) and :func:`update_search_index` for the
objects that changed. Content changes reach it through the :data:`core.changes.changed`
signal (:func:`on_content_changed`): an editor's save in the admin, a fixture reload,
synthetic growth, the ``rebuild_search_index`` command. Only published content is
indexed; countries are always public.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch
from django.dispatch import receiver

from articles.models import Article, Outlet
from core.batches import batches
from core.changes import changed
from core.models import Topic
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact

from .backends import get_backend
from .models import SearchEntry

Kind = SearchEntry.Kind
CHUNK = 500  # objects read, entries built and written at a time
REBUILD_ABOVE = 0.5  # share of the index past which a rebuild is cheaper than updates


FIELD_SEPARATOR = "\n · "  # shown between fields in a snippet: "…said. · Membership and enlargement"


def _lines(*parts):
    """The fields of an entry's text, kept apart so no snippet runs one into the next."""
    return FIELD_SEPARATOR.join(str(part).strip() for part in parts if part)


def article_entry(article):
    outlet = article.outlet.name if article.outlet else ""
    return SearchEntry(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        title=article.title,
        body=_lines(article.body, article.summary, outlet, article.byline),
    )


def country_entry(country):
    status = country.current_status_row
    standing = f"{status.get_status_display()} of the SCO {status.period_display}" if status else ""
    return SearchEntry(
        kind=Kind.COUNTRY,
        object_id=country.pk,
        title=country.name,
        body=_lines(standing, country.region, f"ISO code {country.iso_alpha3}", country.notes),
    )


def event_entry(event):
    host = event.host_country.name if event.host_country else ""
    return SearchEntry(
        kind=Kind.EVENT,
        object_id=event.pk,
        title=event.title,
        body=_lines(
            event.description,
            event.outcomes,
            event.get_kind_display(),
            event.city,
            host,
            event.chair,
            event.dates_display,
        ),
    )


def fact_entry(fact):
    figure = f"{fact.value.normalize():f} {fact.unit}" if fact.value is not None else ""
    quotes = [citation.quote for citation in fact.citations.all()]
    return SearchEntry(
        kind=Kind.FACT,
        object_id=fact.pk,
        title=fact.statement,
        body=_lines(*quotes, fact.scope, figure, fact.period, fact.topic.name if fact.topic else ""),
    )


@dataclass(frozen=True)
class Source:
    """One kind of public object: what a reader may see (``public``), the extra rows its
    entry quotes (``prefetch``), the entry ``build``er, and what a hit on the results
    page shows beyond its title (``shown``, e.g. a fact's standing)."""

    model: type
    public: Callable
    build: Callable
    prefetch: tuple = ()
    shown: Callable = lambda objects: objects  # set on each instance, so never bound as a method

    def for_index(self):
        return self.public().prefetch_related(*self.prefetch)

    def for_hits(self):
        return self.shown(self.public())


SOURCES = {
    Kind.ARTICLE: Source(Article, lambda: Article.objects.published().select_related("outlet"), article_entry),
    Kind.COUNTRY: Source(Country, lambda: Country.objects.with_current_status(), country_entry, ("statuses",)),
    Kind.EVENT: Source(Event, lambda: Event.objects.published().select_related("host_country"), event_entry),
    Kind.FACT: Source(
        Fact,
        lambda: Fact.objects.published().select_related("topic"),
        fact_entry,
        (Prefetch("citations", queryset=Citation.objects.published().order_by("article__title", "start")),),
        # A fact hit links straight to its first passage.
        shown=lambda facts: facts.with_standing().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_display())
        ),
    ),
}
KIND_OF_MODEL = {source.model: kind for kind, source in SOURCES.items()}


def _write(entries):
    created = SearchEntry.objects.bulk_create(entries, batch_size=CHUNK)
    get_backend().refresh(SearchEntry.objects.filter(pk__in=[entry.pk for entry in created]))
    return len(created)


def _update_planner_statistics():
    """Fresh statistics for the tables the rebuild reads, which a reload or synthetic growth
    has usually just filled in the same transaction (autovacuum has not seen them yet).
    Without them SQLite drives the citations prefetch from the status index, scanning
    every article for each chunk of facts: time quadratic in the content."""
    tables = [source.model._meta.db_table for source in SOURCES.values()] + [Citation._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@transaction.atomic
def rebuild_search_index():
    """Replace the whole index with entries for every public object; returns counts by kind."""
    SearchEntry.objects.all().delete()
    _update_planner_statistics()
    counts = dict.fromkeys(SOURCES, 0)
    for kind, source in SOURCES.items():
        for objects in batches(source.for_index().iterator(chunk_size=CHUNK), CHUNK):
            counts[kind] += len(SearchEntry.objects.bulk_create([source.build(obj) for obj in objects]))
    get_backend().refresh(SearchEntry.objects.all())
    return counts


def dependants(model, pks):
    """Objects whose entry quotes these ones: facts quote the articles they cite and name
    their topic; articles name their outlet."""
    if model is Article:
        return {Fact: _values(Citation.objects.filter, "article__in", pks, "fact")}
    if model is Outlet:
        return {Article: _values(Article.objects.filter, "outlet__in", pks, "pk")}
    if model is Topic:
        return {Fact: _values(Fact.objects.filter, "topic__in", pks, "pk")}
    return {}


def _values(filter_rows, lookup, pks, field):
    """``field`` of the rows matching ``lookup`` over ``pks``, a batch of pks at a time."""
    pks = sorted(pks)
    found = set()
    for batch in batches(pks):
        found.update(filter_rows(**{lookup: batch}).values_list(field, flat=True))
    return found


def objects_to_index(changes):
    """{kind: pks} of the entries these changes touch, each object once."""
    todo = {}
    for model, pks in changes.items():
        if model in KIND_OF_MODEL:
            todo.setdefault(KIND_OF_MODEL[model], set()).update(pks)
        for other, other_pks in dependants(model, pks).items():
            todo.setdefault(KIND_OF_MODEL[other], set()).update(other_pks)
    return todo


@transaction.atomic
def update_search_index(model, pks):
    """Bring the entries of these objects (and of the objects quoting them) up to date.

    Public objects get a fresh entry; drafts and deleted objects lose theirs.
    """
    return reindex(objects_to_index({model: pks}))


def reindex(todo):
    """Fresh entries for ``todo`` ({kind: pks}), a batch at a time; returns how many were written."""
    written = 0
    for kind, pks in todo.items():
        source, pks = SOURCES[kind], sorted(pks)
        for batch in batches(pks):
            SearchEntry.objects.filter(kind=kind, object_id__in=batch).delete()
            written += _write([source.build(obj) for obj in source.for_index().filter(pk__in=batch)])
    return written


@receiver(changed, dispatch_uid="search.index")
def on_content_changed(sender, changes, **kwargs):
    """Follow changes announced through :mod:`core.changes`: the entries they touch, or
    the whole index when they touch most of it (cheaper than entry by entry)."""
    if changes is None:
        rebuild_search_index()
        return
    with transaction.atomic():
        todo = objects_to_index(changes)
        if sum(len(pks) for pks in todo.values()) > REBUILD_ABOVE * max(1, SearchEntry.objects.count()):
            rebuild_search_index()
        else:
            reindex(todo)
