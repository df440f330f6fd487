from functools import partial

from django.views.generic import TemplateView

from core.caching import cached_for_version
from core.filtering import NearestPaginator
from core.pagecache import CanonicalQueryMixin

from .forms import KIND_CHOICES, SearchForm
from .index import SOURCES
from .query import forgiving_search

# Built once (querysets are lazy; each use clones them): the standing annotations of facts
# cost more to put together than the query takes.
FOR_HITS = {kind: source.public if source.shown is None else source.shown for kind, source in SOURCES.items()}


def attach_objects(hits):
    # Loaded fresh for the page shown: an entry whose object has since been unpublished is dropped.
    for kind in {hit.kind for hit in hits}:
        found = FOR_HITS[kind].in_bulk([hit.object_id for hit in hits if hit.kind == kind])
        for hit in (hit for hit in hits if hit.kind == kind):
            hit.object = found.get(hit.object_id)
    return [hit for hit in hits if hit.object is not None]


class SearchView(CanonicalQueryMixin, TemplateView):
    template_name = "search/search.html"
    paginate_by = 20
    query_parameters = ("q", "kind", "as_typed", "page")

    def is_canonical(self, context):
        form = context["form"]
        return super().is_canonical(context) and (not form.is_bound or form.is_valid())

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        if form.is_valid() and (query := form.cleaned_data["q"]).strip():
            kind, remember = form.cleaned_data["kind"], partial(cached_for_version, self.request)
            results, correction = forgiving_search(query, kind, remember, as_typed=form.cleaned_data["as_typed"])
            page = NearestPaginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
            kwargs.update(query=query, correction=correction, kind=kind, page_obj=page, results=results)
            kwargs["hits"] = attach_objects(list(page.object_list))
            counts = results.kind_counts
            kwargs["kind_counts"] = [(value, label, counts[value]) for value, label in KIND_CHOICES if value in counts]
        # The page shown is known before the canonical address is written.
        return super().get_context_data(form=form, **kwargs)
