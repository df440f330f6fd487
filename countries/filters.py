from functools import partial

import django_filters

from core.filtering import count_by

from .models import Country, SCOStatus


class CountryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Current status", field_name="current_status", choices=SCOStatus.choices, empty_label="any status"
    )

    class Meta:
        model = Country
        fields = []


FACETS = {"status": partial(count_by, key="current_status")}
