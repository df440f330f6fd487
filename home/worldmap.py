"""The SCO map page: the status of every country as of a year, drawn and as a table. The drawing
is Natural Earth's country outlines (``data/countries-110m.json``, TopoJSON from the world-atlas
package, public domain) as SVG paths, Eurasia and its neighbours only."""

import functools
import itertools
import json
import math
from pathlib import Path

from django import forms
from django.views.generic import TemplateView

from core.pagecache import CanonicalQueryMixin
from countries.models import CountryStatus, SCOGroup, SCOStatus

from .overview import statuses_at_end_of, years_of

TOPOLOGY = Path(__file__).parent / "data" / "countries-110m.json"
WEST, EAST, SOUTH, NORTH = -20.0, 180.0, -11.0, 82.0  # the window drawn
WIDTH = 1000
PARALLEL = math.cos(math.radians(40))  # equirectangular, true to scale at 40° N
SCALE = WIDTH / ((EAST - WEST) * PARALLEL)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def project(lon, lat):
    if lon < -169:  # Chukotka, beyond the antimeridian: kept east of Russia, not across the map
        lon += 360
    return round((lon - WEST) * PARALLEL * SCALE), round((NORTH - lat) * SCALE)


def _arcs(topology):
    """Each arc's points, decoded (delta-encoded, quantised) and projected."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = (itertools.accumulate(arc, lambda a, b: (a[0] + b[0], a[1] + b[1])) for arc in topology["arcs"])
    return [[project(x * sx + tx, y * sy + ty) for x, y in arc] for arc in decoded]


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings):
    """SVG path data with relative moves, repeated points (at this scale) left out."""
    parts = []
    for ring in rings:
        kept = [point for point, _ in itertools.groupby(ring)]
        if len(kept) < 3:
            continue
        moves = [f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(kept)]
        parts.append(f"M{kept[0][0]} {kept[0][1]}l" + " ".join(moves).replace(" -", "-") + "z")
    return "".join(parts)


def _visible(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return xs and max(xs) >= 0 and min(xs) <= WIDTH and max(ys) >= 0 and min(ys) <= HEIGHT


@functools.cache  # the outlines are a file of the code, not content: read once per process
def outlines():
    """{ISO 3166-1 numeric code: SVG path data} of the countries in the window."""
    topology = json.loads(TOPOLOGY.read_text())
    arcs = _arcs(topology)
    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry.get("arcs", [])]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        if geometry.get("id") and _visible(rings):
            found[geometry["id"]] = _path(rings)
    return found


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
        # Each country's first dated status: before it, only a founding member is known to have held none.
        first = {}
        for row in sorted((row for row in history if row.start_date), key=lambda row: row.start_date, reverse=True):
            first[row.country_id] = row
        order, shapes = list(SCOGroup), outlines()
        rows = []
        for country in {row.country_id: row.country for row in history}.values():
            status, since = held.get(country.pk), first.get(country.pk)
            unknown = year is not None and not status and not (since and since.status == SCOStatus.FOUNDING_MEMBER)
            rows.append(
                {
                    "country": country,
                    "status": status,
                    "group": status and SCOGroup.of(status.status),
                    "undated": unknown and not since,
                    "recorded_from": unknown and since and since.start_date.year > year and since.start_date.year,
                    "path": shapes.get(country.iso_code.numeric_padded),  # None: too small at this scale
                }
            )
        rows.sort(key=lambda row: (order.index(row["group"]) if row["group"] else len(order), row["country"].name))
        marked = {row["country"].iso_code.numeric_padded for row in rows}
        return super().get_context_data(
            form=form,
            year=year,
            rows=rows,
            width=WIDTH,
            height=HEIGHT,
            # The rest of the window, plain, in one path.
            other_countries="".join(path for code, path in shapes.items() if code not in marked),
            legend=[(group.value, group.label, sum(row["group"] == group for row in rows)) for group in order],
            unknown=sum(bool(row["undated"] or row["recorded_from"]) for row in rows),
            **kwargs,
        )
