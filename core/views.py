from django.views.generic import TemplateView

from articles.models import Article
from events.models import Event

from .charts import legend, membership_chart
from .overview import current_groups, fact_health, membership_by_year
from .public import status_history

HOME_EVENTS = 4
HOME_ARTICLES = 5


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        history = list(status_history())
        growth = membership_by_year(history)
        events = Event.objects.published().select_related("host_country")
        return super().get_context_data(
            groups=current_groups(history),
            growth=growth,
            chart=membership_chart(growth),
            legend=legend(growth),
            upcoming=events.upcoming()[:HOME_EVENTS],
            recent=events.past()[:HOME_EVENTS],
            articles=Article.objects.published().latest_first().select_related("outlet")[:HOME_ARTICLES],
            health=fact_health(),
            **kwargs,
        )
