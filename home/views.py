import csv

from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article
from core.caching import cached_for_version
from core.pagecache import CanonicalQueryMixin
from core.structured import LICENCE, SCO, SITE_NAME
from core.version import for_request
from countries.models import CountryStatus, SCOGroup
from events.models import Event
from facts.models import Fact

from .charts import membership_chart
from .overview import current_groups, membership_by_year

HOME_EVENTS, HOME_ARTICLES = 4, 5


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
            upcoming=events.upcoming()[:HOME_EVENTS],
            recent=events.past()[:HOME_EVENTS],
            articles=Article.objects.published().latest_first().select_related("outlet")[:HOME_ARTICLES],
            health=cached_for_version(self.request, "fact-health", Fact.objects.published().health),
            site_data=self.site_data(),
            chart_citation=self.chart_citation(),
            **kwargs,
        )

    def chart_citation(self):
        version, changed_at = for_request(self.request)
        url = self.request.build_absolute_uri(reverse("home:home")) + "#growth-title-h"
        changed = f", last changed {date_format(localtime(changed_at), 'j F Y')}" if changed_at else ""
        return (
            f"{SITE_NAME}. “SCO membership over the years” (chart and data). Content version {version}{changed}. {url}"
        )

    def site_data(self):
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


@require_safe
def membership_csv(request):
    """The chart's data: for each year, how many countries held each status at its end."""
    growth = membership_by_year(list(CountryStatus.objects.history()))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sco-membership-by-year.csv"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    writer = csv.writer(response)
    writer.writerow(["year", *(key for key, _ in growth.groups)])
    writer.writerows([row.year, *(row.counts[key] for key, _ in growth.groups)] for row in growth.years)
    return response


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)
