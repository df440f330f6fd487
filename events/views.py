from django.views.generic import DetailView

from core.filtering import FacetedFilterView
from core.pagecache import CanonicalQueryMixin
from core.preview import PreviewMixin
from core.slugs import FormerSlugRedirectMixin

from .filters import FACETS, EventFilter
from .models import Event

RELATED_LIMIT = 20


class EventListView(FacetedFilterView):
    filterset_class = EventFilter
    facets = FACETS
    paginate_by = 30
    queryset = Event.objects.published().chronological().select_related("host_country")


class EventDetailView(CanonicalQueryMixin, FormerSlugRedirectMixin, PreviewMixin, DetailView):
    model = Event

    def get_queryset(self):
        return self.visible(Event.objects.select_related("host_country").prefetch_related("participants", "topics"))

    def get_context_data(self, **kwargs):
        event = self.object
        facts = event.facts.for_lists().order_by("slug")
        articles = event.articles.published().latest_first().select_related("outlet")
        return super().get_context_data(
            decisions=event.status_decisions.history().order_by("country__name"),
            facts=facts[:RELATED_LIMIT],
            fact_count=facts.count(),
            articles=articles[:RELATED_LIMIT],
            article_count=articles.count(),
            **kwargs,
        )
