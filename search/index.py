"""What the search index holds, and the two ways of writing it.

The index is derived data, rebuilt from the content tables by explicit calls, never
by signals: :func:`rebuild_search_index` (the ``rebuild_search_index`` command, and
after a fixture reload) and :func:`update_search_index` for the objects an editor
just saved (see :class:`search.mixins.SearchIndexAdminMixin`). Only published
content is indexed; countries are always public.
"""

from django.db import transaction
from django.db.models import Prefetch

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact

from .backends import get_backend
from .models import SearchEntry

Kind = SearchEntry.Kind


def _lines(*parts):
    return "\n".join(str(part) for part in parts if part)


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
        body=_lines(standing, country.region, country.iso_alpha3, country.notes),
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


# kind -> (the public objects of that kind, ready to build entries from; the builder)
SOURCES = {
    Kind.ARTICLE: (lambda: Article.objects.published().select_related("outlet"), article_entry),
    Kind.COUNTRY: (lambda: Country.objects.prefetch_related("statuses"), country_entry),
    Kind.EVENT: (lambda: Event.objects.published().select_related("host_country"), event_entry),
    Kind.FACT: (
        lambda: (
            Fact.objects.published()
            .select_related("topic")
            .prefetch_related(
                Prefetch("citations", queryset=Citation.objects.published().order_by("article__title", "start"))
            )
        ),
        fact_entry,
    ),
}
KIND_OF_MODEL = {Article: Kind.ARTICLE, Country: Kind.COUNTRY, Event: Kind.EVENT, Fact: Kind.FACT}


def _write(entries):
    created = SearchEntry.objects.bulk_create(entries, batch_size=500)
    get_backend().refresh(SearchEntry.objects.filter(pk__in=[entry.pk for entry in created]))
    return len(created)


@transaction.atomic
def rebuild_search_index():
    """Replace the whole index with entries for every public object; returns counts by kind."""
    SearchEntry.objects.all().delete()
    counts = {}
    for kind, (public, build) in SOURCES.items():
        entries = [build(obj) for obj in public().iterator(chunk_size=500)]
        counts[kind] = _write(entries)
    return counts


def dependants(model, pks):
    """Objects whose entry quotes these ones: facts quote the articles they cite."""
    if model is Article:
        return {Fact: set(Citation.objects.filter(article__in=pks).values_list("fact", flat=True))}
    return {}


@transaction.atomic
def update_search_index(model, pks):
    """Bring the entries of these objects (and of facts quoting them) up to date.

    Public objects get a fresh entry; drafts and deleted objects lose theirs.
    """
    todo = {model: set(pks)}
    for other, other_pks in dependants(model, pks).items():
        todo.setdefault(other, set()).update(other_pks)
    written = 0
    for each_model, each_pks in todo.items():
        kind = KIND_OF_MODEL[each_model]
        public, build = SOURCES[kind]
        SearchEntry.objects.filter(kind=kind, object_id__in=each_pks).delete()
        written += _write([build(obj) for obj in public().filter(pk__in=each_pks)])
    return written
