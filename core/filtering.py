"""What every public list shares: a FilterSet in a plain GET form, facet counts, pages.

Facet counts answer "how many results would I get with this choice?": each facet
counts over the list filtered by every *other* active filter, so choosing another
value of the same filter is predicted correctly. One aggregate query per facet, run once
per content version and filter combination (:mod:`core.caching`). A choice among related
rows (events, countries, outlets) offers at most ``FACET_OPTIONS`` of them, the most
frequent in the list, plus the one chosen: the form does not grow with the content, and
any other value still works in the query string (``?event=<slug>``).
"""

import copy
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.loader import get_template
from django_filters import ModelChoiceFilter, NumberFilter
from django_filters.views import FilterView

from .caching import cached_for_version
from .fragments import cached_html, render_items
from .models import Topic

FACET_OPTIONS = 30


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, each request's filters shallow copies of the class's.

    django-filter deep-copies every filter, and the querysets among its arguments, for
    each request: a tenth of an uncached list page. A filter keeps no state of its own
    but the model and the filterset it belongs to (set here) and the form field it builds
    (built by each copy); a ``method`` filter's proxy is rebuilt to call this filterset.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        self.base_filters = {}  # hides the class's: nothing for the base class to deep-copy
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters
        model = self.queryset.model
        self.filters = {}
        for name, base in type(self).base_filters.items():
            filter_ = copy.copy(base)
            filter_.__dict__.pop("_field", None)  # each copy builds its own form field
            if base.method is not None:
                filter_.method = base.method  # a FilterMethod of its own, bound to this copy
            filter_.model, filter_.parent = model, self
            self.filters[name] = filter_


class YearField(forms.IntegerField):
    """A year within reason: anything else is a form error, never a database error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("widget", forms.Select)
        super().__init__(**kwargs)


class YearFilter(NumberFilter):
    """Filters a date field by year; its options are filled in from the facet counts."""

    field_class = YearField

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, lookup_expr="year", **kwargs)


class SlugChoiceFilter(ModelChoiceFilter):
    """A related object chosen by its slug in the query string (``?country=belarus``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


def topic_filter(**kwargs):
    """Lists of facts, articles and events share the topic filter (``?topic=membership``)."""
    return SlugChoiceFilter(label="Topic", queryset=Topic.objects.all(), empty_label="any topic", **kwargs)


def count_by(queryset, key):
    """``{value: how many objects of queryset have it}``; ``key`` is a field path or an expression.

    Counts over the primary keys of ``queryset``, so it also works for querysets that
    carry aggregate annotations (facts with their standing).
    """
    rows = (
        queryset.model.objects.filter(pk__in=queryset.values("pk"))
        .order_by()
        .values_list(key)
        .annotate(n=Count("pk", distinct=True))
    )
    return {str(value): n for value, n in rows if value is not None}


def queryset_without(filterset, name):
    """The list filtered by every active filter except ``name``."""
    cleaned = getattr(filterset.form, "cleaned_data", {}) if filterset.is_bound else {}
    queryset = filterset.queryset.all()
    for field, value in cleaned.items():
        if field != name:
            queryset = filterset.filters[field].filter(queryset, value)
    return queryset


def label_with_counts(field, counts, *, empty_label, selected=None):
    """Show each choice of ``field`` with its count; a year field gets its options from ``counts``.

    A choice among related rows offers the ``FACET_OPTIONS`` most frequent, plus ``selected``.
    """
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        offered = sorted(counts, key=lambda value: (-counts[value], value))[:FACET_OPTIONS]
        if selected is not None:
            offered.append(str(getattr(selected, key)))
        field.queryset = field.queryset.filter(**{f"{key}__in": offered})
        field.label_from_instance = lambda obj: f"{obj} ({counts.get(str(getattr(obj, key)), 0)})"
    elif isinstance(field, forms.ChoiceField):
        # django-filter's choice fields add their empty choice themselves.
        field.choices = [
            (value, f"{label} ({counts.get(str(value), 0)})") for value, label in field.choices if value != ""
        ]
    else:
        field.widget.choices = [("", empty_label)] + [
            (value, f"{value} ({count})") for value, count in sorted(counts.items(), reverse=True)
        ]


def totally_ordered(queryset):
    """Whether ``queryset``'s order ends on a unique field, so reversing it gives the same rows backwards."""
    terms = queryset.query.order_by or queryset.model._meta.ordering
    if not terms or not isinstance(terms[-1], str):
        return False
    last = terms[-1].lstrip("-")
    if last == "pk":
        return True
    try:
        return queryset.model._meta.get_field(last).unique
    except FieldDoesNotExist:
        return False


class FromTheEnd:
    """A page past the middle of a list, read from the list's end in reverse order.

    An OFFSET makes the database step over every row before the page; for the last pages
    of a long list, stepping over the rows after it instead is as cheap as the first page.
    Iterating, ``len()`` and ``values_list()`` give the page's rows in the list's order.
    """

    def __init__(self, reversed_slice):
        self.reversed_slice = reversed_slice
        self._objects = None

    def objects(self):
        if self._objects is None:
            self._objects = list(self.reversed_slice)[::-1]
        return self._objects

    def values_list(self, *fields, **kwargs):
        return list(self.reversed_slice.values_list(*fields, **kwargs))[::-1]

    def __iter__(self):
        return iter(self.objects())

    def __len__(self):
        return len(self.objects())


class FarPagePaginator(Paginator):
    """Pages past the middle of a totally ordered list are read from its end (:class:`FromTheEnd`)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2 or not totally_ordered(self.object_list):
            return super().page(number)
        rows = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(FromTheEnd(rows), number, self)


class FacetedFilterView(FilterView):
    """A public list: FilterSet from ``filterset_class``, facets from ``facets``, 20 a page.

    Invalid filter values are reported and ignored (``strict = False``), so a mistyped
    or hostile query string still gives the list, with a message, never an error page.

    With an ``item_template``, the page's items and the filter form are cached fragments
    (:mod:`core.fragments`): the template shows ``items`` (``{{ item }}``; ``item.row`` holds
    the pk and ``item_fields``) and ``{{ filter_form }}``. The count of results, like the facets, is
    cached per content version and active filters, so a page-cache miss costs the page's
    rows and what the cache lacks.
    """

    paginate_by = 20
    paginator_class = FarPagePaginator
    strict = False
    template_name_suffix = "_list"
    facets = {}  # filter name -> function(queryset) -> {choice value: count}
    item_template = None  # e.g. "includes/fact_item.html"
    item_context = {}  # what else the item template is given, e.g. {"full": True}
    item_fields = ()  # what the list template reads of each row besides its pk (``item.row``)

    def get_filterset_kwargs(self, filterset_class):
        """A query string without any filter (a page number, a campaign tag) leaves the
        filters unbound: there is nothing to validate, and the list is the same."""
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = kwargs["data"]
        if data is not None and not any(name in data for name in filterset_class.base_filters):
            kwargs["data"] = None
        return kwargs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        paginator.count = cached_for_version(self.request, self.filters_key("count"), queryset.count)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def active_filters(self):
        """The filters in effect, as a query string: unknown parameters and invalid values left out."""
        filterset = self.filterset
        cleaned = getattr(filterset.form, "cleaned_data", {}) if filterset.is_bound else {}
        return urlencode(sorted((name, str(getattr(value, "pk", value))) for name, value in cleaned.items() if value))

    def filters_key(self, what):
        return f"{what}:{self.request.path}?{self.active_filters()}"

    def facet_counts(self):
        """{facet: {choice value: count}}, cached per content version and active filters."""
        filterset = self.filterset
        return cached_for_version(
            self.request,
            self.filters_key("facets"),
            lambda: {name: count(queryset_without(filterset, name)) for name, count in self.facets.items()},
        )

    def label_facets(self):
        filterset = self.filterset
        for name, counts in self.facet_counts().items():
            field = filterset.form.fields[name]
            selected = filterset.form.cleaned_data.get(name) if filterset.is_bound else None
            if isinstance(selected, int) and str(selected) not in counts:
                counts = {**counts, str(selected): 0}
            label_with_counts(field, counts, empty_label=f"any {field.label.lower()}", selected=selected)

    def filter_form(self, filters_active):
        """The filter form's HTML, cached per content version and the values given for its fields."""
        given = [(name, self.request.GET.getlist(name)) for name in self.filterset.filters]
        context = {"filter": self.filterset, "filters_active": filters_active, "request": self.request}

        def render():
            self.label_facets()
            return get_template("includes/filter_form.html").render(context)

        return cached_html(self.request, f"filter-form:{self.request.path}?{urlencode(given, doseq=True)}", render)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        context["filters_active"] = filterset.is_bound and any(
            value not in (None, "") for value in getattr(filterset.form, "cleaned_data", {}).values()
        )
        page_obj = context.get("page_obj")  # a Page's truth value would read all its rows
        page = page_obj.number if page_obj is not None else 1
        context["canonical_query"] = "&".join(
            part for part in (self.active_filters(), f"page={page}" if page > 1 else "") if part
        )
        if self.item_template:
            queryset = self.filterset.queryset
            context["items"] = render_items(
                self.request,
                context["page_obj"].object_list,
                self.item_template,
                objects=queryset,
                name=queryset.model._meta.model_name,
                fields=self.item_fields,
                page_key=self.filters_key(f"page {context['page_obj'].number}"),
                **self.item_context,
            )
            context["filter_form"] = self.filter_form(context["filters_active"])
        else:
            self.label_facets()
        return context
