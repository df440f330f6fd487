from functools import partial

import django_filters

from core.filtering import SlugChoiceFilter, count_by, topic_filter
from countries.models import Country, CountryStatus, SCOGroup
from events.models import Event

from .models import Fact, Standing


class FactFilter(django_filters.FilterSet):
    country = SlugChoiceFilter(
        label="Country", queryset=Country.objects.all(), empty_label="any country", field_name="countries"
    )
    event = SlugChoiceFilter(
        label="Event", queryset=Event.objects.published().chronological(), empty_label="any event", field_name="events"
    )
    topic = topic_filter()
    standing = django_filters.ChoiceFilter(label="Standing", choices=Standing.choices, empty_label="any standing")
    sco_status = django_filters.ChoiceFilter(
        label="States the current status of",
        choices=SCOGroup.choices,
        method="filter_sco_status",
        empty_label="any country or none",
    )

    class Meta:
        model = Fact
        fields = []

    def filter_sco_status(self, queryset, name, value):
        """Facts that state a current status of that kind (the home page counts link here)."""
        statuses = CountryStatus.objects.current().in_group(value)
        return queryset.filter(pk__in=statuses.values("fact"))


FACETS = {
    "country": partial(count_by, key="countries"),
    "event": partial(count_by, key="events"),
    "topic": partial(count_by, key="topic"),
    "standing": partial(count_by, key="standing"),  # an annotation: grouped by its CASE, worked out once a row
}
