from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from core.caching import cached_for_version
from core.pagecache import CanonicalQueryMixin
from core.structured import SCO, SITE_NAME
from countries.models import CountryStatus, SCOGroup
from events.models import Event
from facts.models import Fact

from .charts import legend, membership_chart
from .overview import current_groups, membership_by_year

HOME_EVENTS = 4
HOME_ARTICLES = 5


class HomeView(CanonicalQueryMixin, TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        history = list(CountryStatus.objects.history())
        growth = membership_by_year(history)
        events = Event.objects.published().select_related("host_country")
        totals = (
            Fact.objects.published()
            .with_standing()
            .filter(unit__in=[group.label for group in SCOGroup], superseded_by=None)
            .order_by("slug")
        )
        return super().get_context_data(
            groups=current_groups(history, totals),
            unsourced_statuses=sum(row.fact is None for row in history),  # no published fact states them
            growth=growth,
            chart=membership_chart(growth),
            legend=legend(growth),
            upcoming=events.upcoming()[:HOME_EVENTS],
            recent=events.past()[:HOME_EVENTS],
            articles=Article.objects.published().latest_first().select_related("outlet")[:HOME_ARTICLES],
            health=cached_for_version(self.request, "fact-health", Fact.objects.published().health),
            site_data=self.site_data(),
            **kwargs,
        )

    def site_data(self):
        """The site as a schema.org ``WebSite``, with its search."""
        absolute = self.request.build_absolute_uri
        return {
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": absolute(reverse("home:home")),
            "about": SCO,
            "potentialAction": {
                "@type": "SearchAction",
                "target": absolute(reverse("search:search")) + "?q={query}",
                "query-input": "required name=query",
            },
        }


def favicon(request):
    """The site's icon is an SVG among the static files (fingerprinted, cached for a year)."""
    return redirect(static("favicon.svg"), permanent=True)
