from django.db.models import F, Prefetch
from django.views.generic import DetailView

from core.filtering import FacetedFilterView
from core.pagecache import CanonicalQueryMixin
from core.slugs import FormerSlugRedirectMixin
from events.models import Event

from .filters import FACETS, CountryFilter
from .models import Country, CountryStatus, SCOStatus

RELATED_LIMIT = 20


class CountryListView(FacetedFilterView):
    """Every country with an SCO status, grouped by its current status (a bounded list: no pages)."""

    filterset_class = CountryFilter
    facets = FACETS
    paginate_by = None

    def get_queryset(self):
        current = CountryStatus.objects.current().history()
        return (
            Country.objects.with_current_status()
            .prefetch_related(Prefetch("statuses", queryset=current, to_attr="open_statuses"))
            .order_by(F("current_since").asc(nulls_last=True), "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {status: [] for status in SCOStatus.values}
        for country in context["object_list"]:
            groups.setdefault(country.current_status, []).append(country)
        context["others"] = groups.pop(None, [])
        context["groups"] = [
            (status, SCOStatus(status).label, members) for status, members in groups.items() if members
        ]
        return context


class CountryDetailView(CanonicalQueryMixin, FormerSlugRedirectMixin, DetailView):
    queryset = Country.objects.all()

    def get_context_data(self, **kwargs):
        country = self.object
        history = list(country.statuses.history(sources=True).order_by("start_date"))
        facts = country.facts.for_lists().order_by("slug")
        events = Event.objects.published().involving(country).chronological().select_related("host_country")
        articles = country.articles.published().latest_first().select_related("outlet")
        return super().get_context_data(
            history=history,
            current=next((row for row in history if not row.ended), None),
            facts=facts[:RELATED_LIMIT],
            fact_count=facts.count(),
            events=events[:RELATED_LIMIT],
            event_count=events.count(),
            articles=articles[:RELATED_LIMIT],
            article_count=articles.count(),
            **kwargs,
        )
