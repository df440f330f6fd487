from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView

from core import revisions
from core.filtering import FacetedFilterView
from core.pagecache import CanonicalQueryMixin
from core.preview import PreviewMixin
from core.slugs import FormerSlugRedirectMixin, permanent_redirect
from events.models import Event

from .citing import cite_for_request
from .filters import FACETS, FactFilter
from .models import Citation, Fact


class FactListView(FacetedFilterView):
    filterset_class = FactFilter
    facets = FACETS
    # Built once (a queryset is lazy; each request clones it): working out the standing
    # annotations afresh would cost more than the query itself.
    queryset = Fact.objects.for_lists().order_by("slug")


class FactDetailView(CanonicalQueryMixin, FormerSlugRedirectMixin, PreviewMixin, DetailView):
    model = Fact
    # Built once, as the list's: each request clones it.
    detailed = (
        Fact.objects.with_standing()
        .select_related("topic")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_display()),
            "countries",
            Prefetch("events", queryset=Event.objects.published().chronological()),
            Prefetch("superseded_by", queryset=Fact.objects.cited()),
            *(
                Prefetch(relation, queryset=Fact.objects.cited().order_by("slug"), to_attr=f"public_{relation}")
                for relation in ("supersedes", "disputed_by", "disputes", "other_scopes", "other_scopes_of")
            ),
            "statuses__country",
        )
    )

    def get_queryset(self):
        return self.visible(self.detailed.all())


class FactHistoryView(DetailView):
    queryset = Fact.objects.published().only("slug", "statement", "modified_at")
    template_name = "facts/fact_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=revisions.public_history(self.object), **kwargs)


class FactCitationView(FactDetailView):
    """``/facts/<slug>/cite.bib`` and ``cite.ris``: the fact's citation as a file for a reference manager."""

    FORMATS = {"bib": ("bibtex", "application/x-bibtex"), "ris": ("ris", "application/x-research-info-systems")}

    def render_to_response(self, context, **response_kwargs):
        extension = self.kwargs["extension"]
        key, content_type = self.FORMATS[extension]
        return HttpResponse(
            cite_for_request(self.request, self.object)[key],
            content_type=f"{content_type}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{self.object.slug}.{extension}"'},
        )


def fact_by_id(request, pk):
    """``/facts/<id>/``, the first form of a fact's address: 301 to its slug's page, for what the reader may see
    (a draft's id neither redirects nor confirms it exists); a slug made only of digits when no id matches."""
    fact = Fact.objects.published().filter(pk=pk).only("slug").first()
    if fact is None:
        return FactDetailView.as_view()(request, slug=str(pk))
    return permanent_redirect(request, fact.get_absolute_url())


def passage_preview(request, pk):
    """The preview of a passage link (static/js/previews.js), fetched when first opened rather than
    written into every page: the passages of that citation's fact in that citation's article."""
    citation = get_object_or_404(Citation.objects.for_display(), pk=pk)
    passages = Citation.objects.for_display().filter(fact=citation.fact_id, article=citation.article_id)
    return render(request, "facts/passage_preview.html", {"article": citation.article, "passages": passages})
