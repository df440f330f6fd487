import django_filters
from django.db.models import Count

from .models import Country, SCOStatus


class CountryFilter(django_filters.FilterSet):
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
