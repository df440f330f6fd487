from functools import partial

import django_filters
from django.db.models import F
from django.db.models.functions import ExtractYear

from core.filtering import SlugChoiceFilter, YearFilter, count_by
from countries.models import Country

from .models import Event, EventKind


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=EventKind.choices, empty_label="any kind")
    year = YearFilter("start_date", label="Year")
    country = SlugChoiceFilter(
        label="Country", queryset=Country.objects.all(), empty_label="any country", method="filter_country"
    )

    class Meta:
        model = Event
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.with_country(value)


def country_counts(events):
    """Events per country taking part or hosting, each event counted once per country (every country
    counted in both: the sums are ranked by the form)."""
    counts = count_by(events, "participants", top=None)
    hosted_only = events.exclude(participants=F("host_country"))
    for pk, hosted in count_by(hosted_only, "host_country", top=None).items():
        counts[pk] = counts.get(pk, 0) + hosted
    return counts


FACETS = {
    "kind": partial(count_by, key="kind"),
    "year": partial(count_by, key=ExtractYear("start_date")),
    "country": country_counts,
}
