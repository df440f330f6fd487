import django_filters
from django.db.models import Count

from core.filtering import FilterSet, SlugChoiceFilter

from .models import Country, SCOStatus


def country_filter(**kwargs):
    """Other lists filter by country with this (``?country=belarus``)."""
    return SlugChoiceFilter(label="Country", queryset=Country.objects.all(), empty_label="any country", **kwargs)


class CountryFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        label="Current status", field_name="current_status", choices=SCOStatus.choices, empty_label="any status"
    )

    class Meta:
        model = Country
        fields = []


def status_counts(countries):
    """Countries by current status (an annotation, so grouped on the list itself)."""
    rows = countries.order_by().values_list("current_status").annotate(n=Count("pk"))
    return {str(status): n for status, n in rows if status}


FACETS = {"status": status_counts}
