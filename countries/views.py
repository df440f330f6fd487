from django.db.models import Prefetch, Q
from django.views.generic import DetailView

from articles.models import Article
from core.filtering import FacetedFilterView
from core.public import public_facts, status_history
from events.models import Event
from facts.models import Fact

from .filters import FACETS, CountryFilter
from .models import Country, CountryStatus, SCOStatus

RELATED_LIMIT = 20


class CountryListView(FacetedFilterView):
    """Every country with an SCO status, grouped by its current status (a bounded list: no pages)."""

    filterset_class = CountryFilter
    facets = FACETS
    paginate_by = None

    def get_queryset(self):
        current = CountryStatus.objects.current().prefetch_related(
            Prefetch("fact", queryset=Fact.objects.published().with_standing())
        )
        return (
            Country.objects.with_current_status()
            .prefetch_related(Prefetch("statuses", queryset=current, to_attr="open_statuses"))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {status: [] for status in SCOStatus.values}
        others = []
        for country in context["object_list"]:
            groups.get(country.current_status, others).append(country)
        for members in groups.values():
            members.sort(key=lambda country: (country.current_since is None, country.current_since, country.name))
        context["groups"] = [
            (status, SCOStatus(status).label, countries) for status, countries in groups.items() if countries
        ]
        context["others"] = others
        return context


class CountryDetailView(DetailView):
    queryset = Country.objects.all()

    def get_context_data(self, **kwargs):
        country = self.object
        history = list(status_history(sources=True).filter(country=country).order_by("start_date"))
        facts = public_facts().filter(countries=country).order_by("slug")
        taking_part = Event.participants.through.objects.filter(country=country).values("event")
        deciding = CountryStatus.objects.filter(country=country).values("decided_at")
        events = (
            Event.objects.published()
            .filter(Q(pk__in=taking_part) | Q(host_country=country) | Q(pk__in=deciding))
            .chronological()
            .select_related("host_country")
        )
        articles = Article.objects.published().filter(countries=country).latest_first().select_related("outlet")
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
