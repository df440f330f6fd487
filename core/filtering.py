"""What every public list shares: a FilterSet in a plain GET form, facet counts, pages. Each facet counts
over the list filtered by every *other* active filter, once per content version and filters."""

import re
from contextlib import suppress
from functools import reduce
from operator import and_, or_
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django_filters import ModelChoiceFilter, NumberFilter
from django_filters.views import FilterView

from .caching import cached_for_version
from .models import Topic
from .pagecache import CanonicalQueryMixin

FACET_OPTIONS = 30


class YearField(forms.IntegerField):
    """Four digits: anything else is a form error, not a database error nor ("02024") another address."""

    def __init__(self, **kwargs):
        super().__init__(**{"min_value": 1900, "max_value": 2100, "widget": forms.Select, **kwargs})

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{4}", str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearFilter(NumberFilter):
    field_class = YearField

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, lookup_expr="year", **kwargs)


class SlugChoiceFilter(ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{"to_field_name": "slug", **kwargs})


def topic_filter(**kwargs):
    return SlugChoiceFilter(label="Topic", queryset=Topic.objects.all(), empty_label="any topic", **kwargs)


def matching(queryset, text, *, fallback_fields):
    """Every word of ``text`` in one of the fields: no search index, a substring match over a few
    columns being fast at our sizes (``benchmarks/list_sizes.py``)."""
    words = text.split()
    if not words:
        return queryset
    per_word = (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fallback_fields)) for word in words)
    return queryset.filter(reduce(and_, per_word))


def count_by(queryset, key, *, top=FACET_OPTIONS):
    """``{value: count}``, where a relation's value is the related row's primary key: grouping by the key
    column alone, no join to the related table, halves the cost on a large site. A list with aggregate
    annotations (which grouping would change) is counted over its primary keys. No filter of ours
    matches a row twice, so rows are counted, not distinct rows (a sort a group). A relation is joined,
    not outer-joined (a third of the cost), and only its ``top`` most frequent rows are read: the ones a
    form offers (``label_with_counts``)."""
    if any(annotation.contains_aggregate for annotation in queryset.query.annotations.values()):
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    fields = queryset.model._meta
    related = isinstance(key, str) and key not in queryset.query.annotations and fields.get_field(key).is_relation
    if related:
        queryset = queryset.filter(**{f"{key}__isnull": False})
    rows = queryset.order_by().values_list(key).annotate(n=Count("pk"))
    if related and top:
        rows = rows.order_by("-n", key)[:top]
    return {str(value): n for value, n in rows if value is not None}


def label_with_counts(field, counts, *, empty_label, selected=None):
    """Each choice with its count; among related rows only the ``FACET_OPTIONS`` most frequent and
    ``selected``, so the form does not grow with the content (any value works in the URL)."""
    if isinstance(field, forms.ModelChoiceField):
        offered = sorted(counts, key=lambda pk: (-counts[pk], pk))[:FACET_OPTIONS]
        if selected is not None:
            offered.append(str(selected.pk))
        field.queryset = field.queryset.filter(pk__in=offered)
        field.label_from_instance = lambda obj: f"{obj} ({counts.get(str(obj.pk), 0)})"
    elif isinstance(field, forms.ChoiceField):
        # django-filter's choice fields add their empty choice themselves.
        field.choices = [
            (value, f"{label} ({counts.get(str(value), 0)})") for value, label in field.choices if value != ""
        ]
    else:
        field.widget.choices = [("", empty_label)] + [
            (value, f"{value} ({count})") for value, count in sorted(counts.items(), reverse=True)
        ]


class NearestPaginator(Paginator):
    """A page number out of range or malformed gives the nearest page: below 1 the first (Django's: the last)."""

    def get_page(self, number):
        with suppress(TypeError, ValueError):
            number = max(int(number), 1)
        return super().get_page(number)


class NearestPageMixin:
    """A list's page number out of range or malformed gives the nearest page, never a 404."""

    paginator_class = NearestPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class FacetedFilterView(NearestPageMixin, CanonicalQueryMixin, FilterView):
    """Invalid filter values are reported and ignored, never an error; a page out of range gives the nearest."""

    paginate_by = 20
    strict = False
    template_name_suffix = "_list"
    facets = {}  # filter name -> function(queryset) -> {choice value: count}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.filterset_class is not None:
            cls.query_parameters = (*cls.filterset_class.base_filters, cls.page_kwarg)

    def is_canonical(self, context):
        filterset = self.filterset
        return super().is_canonical(context) and (not filterset.is_bound or filterset.is_valid())

    def without(self, cleaned, name):
        queryset = self.filterset.queryset.all()
        for field, value in cleaned.items():
            if field != name:
                queryset = self.filterset.filters[field].filter(queryset, value)
        return queryset

    def facet_counts(self, cleaned):
        active = ((name, str(getattr(value, "pk", value))) for name, value in cleaned.items() if value)
        filters = urlencode(sorted(active))
        return cached_for_version(
            self.request,
            f"facets:{self.request.path}?{filters}",
            lambda: {name: count(self.without(cleaned, name)) for name, count in self.facets.items()},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cleaned = getattr(self.filterset.form, "cleaned_data", {}) if self.filterset.is_bound else {}
        for name, counts in self.facet_counts(cleaned).items():
            field = self.filterset.form.fields[name]
            selected = cleaned.get(name)
            if selected not in (None, "") and str(getattr(selected, "pk", selected)) not in counts:
                # Left out of the counts read: its count is the list's own, filtered by it and the others.
                counts = {**counts, str(getattr(selected, "pk", selected)): context["paginator"].count}
            label_with_counts(field, counts, empty_label=f"any {field.label.lower()}", selected=selected)
        context["filters_active"] = any(value not in (None, "") for value in cleaned.values())
        return context
