"""The SCO map page: the status of every country as of a year, drawn and as a table."""

from django import forms
from django.views.generic import TemplateView

from core.pagecache import CanonicalQueryMixin
from countries.models import CountryStatus, SCOGroup

from .overview import group_of, statuses_at_end_of, years_of
from .worldmap import outlines, sco_map


class YearForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Show the SCO as of")

    def __init__(self, data, years):
        super().__init__(data)
        self.fields["year"].choices = [("", "today"), *((year, f"the end of {year}") for year in reversed(years))]


class MapView(CanonicalQueryMixin, TemplateView):
    template_name = "home/map.html"
    query_parameters = ("year",)

    def get_context_data(self, **kwargs):
        history = list(CountryStatus.objects.history())
        form = YearForm(self.request.GET, years_of(history))
        year = form.cleaned_data["year"] if form.is_valid() else None
        held = statuses_at_end_of(history, year)
        countries = {row.country_id: row.country for row in history}
        drawn = outlines()
        order = list(SCOGroup.values)
        rows = sorted(
            (
                {
                    "country": country,
                    "status": held.get(country.pk),
                    "group": group_of(held[country.pk].status) if country.pk in held else None,
                    "undated": year is not None and country.pk not in held and not self._dated(history, country),
                    "drawn": country.iso_code.numeric_padded in drawn,
                }
                for country in countries.values()
            ),
            key=lambda row: (order.index(row["group"]) if row["group"] else len(order), row["country"].name),
        )
        shapes = [
            (
                row["country"].iso_code.numeric_padded,
                row["group"],
                self._label(row, year),
                row["country"].get_absolute_url(),
            )
            for row in rows
        ]
        counts = {key: sum(row["group"] == key for row in rows) for key in order}
        return super().get_context_data(
            form=form,
            year=year,
            rows=rows,
            map=sco_map(shapes),
            legend=[(key, SCOGroup(key).label, counts[key]) for key in order],
            **kwargs,
        )

    @staticmethod
    def _dated(history, country):
        return any(row.start_date for row in history if row.country_id == country.pk)

    @staticmethod
    def _label(row, year):
        when = f" at the end of {year}" if year else ""
        status = row["status"].get_status_display() if row["status"] else "no SCO status known"
        return f"{row['country'].name}: {status}{when}"
