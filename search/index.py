"""What the search index holds, and how it follows the content announced through :data:`core.changes.changed`:
published content, countries, and people a published fact quotes. The title of a country, event or person
holds its names, so a query naming it ranks it first; the vocabulary (:class:`SearchWord`) follows the entries."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet
from django.dispatch import receiver

from articles.models import Article, Outlet, OutletAlias
from core.batches import batches
from core.changes import changed
from core.models import Topic
from countries.models import Country, CountryAlias
from events.models import Event, EventAlias
from facts.models import Citation, Fact
from people.models import Person, PersonAlias

from .models import SearchEntry, SearchWord
from .spelling import count_words

Kind = SearchEntry.Kind
CHUNK = 500  # objects read, entries built and written at a time
REBUILD_ABOVE = 0.5  # share of the index past which a rebuild is cheaper than updates
FIELD_SEPARATOR = "\n · "  # between fields, so no snippet runs one into the next
NAME_SEPARATOR = " · "


def names(obj, name):  # a record's name and its aliases
    return NAME_SEPARATOR.join([name, *(alias.name for alias in obj.aliases.all())])


def article_text(article):
    outlet = article.outlet and names(article.outlet, article.outlet.name)
    return article.title, [article.body, article.summary], [outlet, article.byline]


def country_text(country):
    status = country.current_status_row
    standing = status and f"{status.get_status_display()} of the SCO {status.period_display}"
    return names(country, country.name), [standing, country.notes], [country.region, f"ISO code {country.iso_alpha3}"]


def event_text(event):
    host = event.host_country and event.host_country.name
    about = [event.get_kind_display(), event.city, host, event.chair, event.dates_display]
    return names(event, event.title), [event.description, event.outcomes], about


def fact_text(fact):
    figure = fact.value is not None and f"{fact.value.normalize():f} {fact.unit}"
    quotes = [citation.quote for citation in fact.citations.all()]
    return fact.statement, quotes, [fact.scope, figure, fact.period, fact.topic and fact.topic.name]


def person_text(person):
    roles = dict.fromkeys(citation.speaker_role for citation in person.citations.all() if citation.speaker_role)
    return names(person, person.name), list(roles), []


@dataclass(frozen=True)
class Source:
    """One kind of public object: what a reader may see (lazy, cloned by each use), its entry's title, the text a
    snippet is cut from and the words only matched (``text``), the rows they quote, and what a hit shows beyond the
    object (``shown``, e.g. a fact's standing)."""

    public: QuerySet
    text: Callable
    prefetch: tuple = ()
    shown: QuerySet = None
    fields: tuple = ()  # the fields ``text`` reads, where reading every field costs (the most numerous rows)

    def for_index(self):
        return (self.public.only(*self.fields) if self.fields else self.public).prefetch_related(*self.prefetch)

    def build(self, obj):
        title, text, about = self.text(obj)
        body, about = (FIELD_SEPARATOR.join(str(part).strip() for part in parts if part) for parts in (text, about))
        return SearchEntry(
            kind=KIND_OF_MODEL[self.public.model], object_id=obj.pk, title=title, body=body, about=about
        )


CITATIONS_IN_ORDER = Prefetch(
    "citations",
    queryset=Citation.objects.published()
    .order_by("article__title", "start")
    .only("fact", "speaker", "quote", "speaker_role"),
)
FACTS = Fact.objects.published().select_related("topic")
SOURCES = {
    Kind.ARTICLE: Source(Article.objects.published().select_related("outlet"), article_text, ("outlet__aliases",)),
    Kind.COUNTRY: Source(Country.objects.with_current_status(), country_text, ("statuses", "aliases")),
    Kind.EVENT: Source(Event.objects.published().select_related("host_country"), event_text, ("aliases",)),
    Kind.PERSON: Source(Person.objects.quoted(), person_text, ("aliases", CITATIONS_IN_ORDER)),
    # A fact hit links straight to its first passage.
    Kind.FACT: Source(
        FACTS,
        fact_text,
        (CITATIONS_IN_ORDER,),
        FACTS.with_standing().prefetch_related(Prefetch("citations", queryset=Citation.objects.for_display())),
        ("statement", "value", "unit", "scope", "period", "topic__name"),
    ),
}
KIND_OF_MODEL = {source.public.model: kind for kind, source in SOURCES.items()}
# Entries that quote other rows: {quoted model: [(quoting model, rows linking them, lookup, quoting field)]}.
QUOTED_BY = {
    Article: [(Fact, Citation, "article__in", "fact")],  # facts quote the articles they cite
    Outlet: [(Article, Article, "outlet__in", "pk")],
    Topic: [(Fact, Fact, "topic__in", "pk")],
    Fact: [(Person, Citation, "fact__in", "speaker")],  # people are found by the roles their facts give them
    Citation: [(Person, Citation, "pk__in", "speaker")],
    OutletAlias: [(Article, Article, "outlet__aliases__in", "pk")],
    CountryAlias: [(Country, CountryAlias, "pk__in", "record")],
    EventAlias: [(Event, EventAlias, "pk__in", "record")],
    PersonAlias: [(Person, PersonAlias, "pk__in", "record")],
}


def _update_planner_statistics():
    """For the tables a reload has just filled: without them SQLite drives the citations prefetch from the
    status index, in time quadratic in the content."""
    tables = [model._meta.db_table for model in [*KIND_OF_MODEL, Citation]]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@transaction.atomic
def rebuild_search_index():
    """Replace the whole index with entries for every public object."""
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    _update_planner_statistics()
    words = Counter()
    for source in SOURCES.values():
        for objects in batches(source.for_index().iterator(chunk_size=CHUNK), CHUNK):
            add_entries(source, objects, words)
    SearchWord.objects.bulk_create((SearchWord(word=w, entries=n) for w, n in words.items()), batch_size=CHUNK)


def add_entries(source, objects, words):
    """Entries for ``objects``, their words counted in ``words``."""
    entries = SearchEntry.objects.bulk_create([source.build(obj) for obj in objects])
    words.update(count_words(f"{entry.title} {entry.body} {entry.about}" for entry in entries))
    if connection.vendor == "postgresql":  # triggers keep SQLite's FTS5 table in step
        vector = SearchVector("title", weight="A", config="english")
        vector += SearchVector("body", "about", weight="B", config="english")
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(vector=vector)


def objects_to_index(changes):
    """{kind: pks} of the entries these changes ({model: pks}) touch, and those quoting them."""
    todo = {}
    for model, pks in changes.items():
        if model in KIND_OF_MODEL:
            todo.setdefault(KIND_OF_MODEL[model], set()).update(pks)
        for quoting, rows, lookup, field in QUOTED_BY.get(model, ()):
            found = todo.setdefault(KIND_OF_MODEL[quoting], set())
            for batch in batches(sorted(pks)):
                found.update(rows.objects.filter(**{lookup: batch}).values_list(field, flat=True))
            found.discard(None)
    return todo


def reindex(todo):
    """Fresh entries for ``todo`` ({kind: pks}): public objects get one, drafts and deleted ones none."""
    words = Counter()
    for kind, pks in todo.items():
        source = SOURCES[kind]
        for batch in batches(sorted(pks)):
            old = SearchEntry.objects.filter(kind=kind, object_id__in=batch)
            words.subtract(count_words(" ".join(row) for row in old.values_list("title", "body", "about")))
            old.delete()
            add_entries(source, source.for_index().filter(pk__in=batch), words)
    for batch in batches(sorted(word for word, change in words.items() if change)):  # the vocabulary counted again
        known = dict(SearchWord.objects.filter(word__in=batch).values_list("word", "entries"))
        SearchWord.objects.filter(word__in=batch).delete()
        counts = {word: known.get(word, 0) + words[word] for word in batch}
        SearchWord.objects.bulk_create(SearchWord(word=word, entries=n) for word, n in counts.items() if n > 0)


@receiver(changed, dispatch_uid="search.index")
def on_content_changed(sender, changes, **kwargs):
    """The entries the changes touch, or the whole index when they touch most of it (cheaper)."""
    if changes is None:
        rebuild_search_index()
        return
    with transaction.atomic():
        todo = objects_to_index(changes)
        if sum(len(pks) for pks in todo.values()) > REBUILD_ABOVE * max(1, SearchEntry.objects.count()):
            rebuild_search_index()
        else:
            reindex(todo)
