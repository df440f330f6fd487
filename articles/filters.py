from functools import partial

import django_filters
from django.db.models.functions import ExtractYear

from core.filtering import SlugChoiceFilter, YearFilter, count_by, matching, topic_filter
from countries.models import Country
from events.models import Event

from .models import Article, Outlet


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Text", method="filter_text", max_length=200)
    outlet = SlugChoiceFilter(label="Outlet", queryset=Outlet.objects.all(), empty_label="any outlet")
    country = SlugChoiceFilter(
        label="Country", queryset=Country.objects.all(), empty_label="any country", field_name="countries"
    )
    event = SlugChoiceFilter(
        label="Event", queryset=Event.objects.published().chronological(), empty_label="any event", field_name="events"
    )
    topic = topic_filter(field_name="topics")
    year = YearFilter("published_on", label="Year")
    o = django_filters.OrderingFilter(
        label="Order",
        fields=(("published_on", "date"), ("title", "title")),
        # The list's own order first, so that the menu shows it when none is chosen.
        choices=(("-date", "newest first"), ("date", "oldest first"), ("title", "title A–Z"), ("-title", "title Z–A")),
        empty_label=None,
    )

    class Meta:
        model = Article
        fields = []

    def filter_text(self, queryset, name, value):
        """Words in the title, body, summary, outlet or byline, through the full-text index."""
        return matching(queryset, value, fallback_fields=("title", "body", "summary", "byline"))


FACETS = {
    "outlet": partial(count_by, key="outlet"),
    "country": partial(count_by, key="countries"),
    "event": partial(count_by, key="events"),
    "topic": partial(count_by, key="topics"),
    "year": partial(count_by, key=ExtractYear("published_on")),
}
