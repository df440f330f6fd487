from django.db.models import Prefetch
from django.views.generic import DetailView

from core.filtering import FacetedFilterView
from core.preview import PreviewMixin
from events.models import Event

from .filters import FACETS, FactFilter
from .models import Citation, Fact


class FactListView(FacetedFilterView):
    filterset_class = FactFilter
    facets = FACETS
    item_template = "includes/fact_item.html"
    # Built once (a queryset is lazy; each request clones it): working out the standing
    # annotations afresh would cost more than the query itself.
    queryset = Fact.objects.for_lists().order_by("slug")


class FactDetailView(PreviewMixin, DetailView):
    model = Fact

    def get_queryset(self):
        compared = Fact.objects.cited()
        return self.visible(
            Fact.objects.with_standing()
            .select_related("topic")
            .prefetch_related(
                Prefetch("citations", queryset=Citation.objects.for_display()),
                "countries",
                Prefetch("events", queryset=Event.objects.published().chronological()),
                Prefetch("superseded_by", queryset=compared),
                Prefetch("supersedes", queryset=compared.order_by("slug"), to_attr="public_supersedes"),
                Prefetch("disputed_by", queryset=compared.order_by("slug"), to_attr="public_disputed_by"),
                Prefetch("disputes", queryset=compared.order_by("slug"), to_attr="public_disputes"),
                Prefetch("other_scopes", queryset=compared.order_by("slug"), to_attr="public_other_scopes"),
                Prefetch("other_scopes_of", queryset=compared.order_by("slug"), to_attr="public_other_scopes_of"),
                "statuses__country",
            )
        )
