"""The SCO map: Natural Earth's country outlines (``data/countries-110m.json``, TopoJSON from
the world-atlas package, public domain) drawn as SVG paths on the server, Eurasia and its
neighbours only, each country of the SCO coloured by its status and linked to its page."""

import functools
import json
import math
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

TOPOLOGY = Path(__file__).parent / "data" / "countries-110m.json"
#: The window drawn (longitudes, latitudes) and its size in SVG units.
WEST, EAST, SOUTH, NORTH = -20.0, 180.0, -11.0, 82.0
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
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


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
        kept = [point for index, point in enumerate(ring) if index == 0 or point != ring[index - 1]]
        if len(kept) < 3:
            continue
        (x, y), moves = kept[0], []
        for nx, ny in kept[1:]:
            moves.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
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


def sco_map(countries):
    """The map as SVG: ``countries`` are (ISO numeric code, group key or None, label, URL); the
    rest of the window is drawn plain, in one path."""
    shapes = outlines()
    marked = {code for code, *_ in countries}
    background = "".join(path for code, path in shapes.items() if code not in marked)
    links = format_html_join(
        "",
        '<a href="{}" aria-label="{}"><path class="map-country map-{}" d="{}"/></a>',
        ((url, label, group or "none", shapes[code]) for code, group, label, url in countries if code in shapes),
    )
    return format_html(
        '<svg class="sco-map" viewBox="0 0 {} {}" role="group" aria-labelledby="map-title" '
        'xmlns="http://www.w3.org/2000/svg">{}<path class="map-other" d="{}"/>{}</svg>',
        WIDTH,
        HEIGHT,
        PATTERNS,
        background,
        links,
    )


#: Observers hatched and dialogue partners dotted, so that colour is not the only cue.
PATTERNS = mark_safe(
    "<defs>"
    '<pattern id="map-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" class="map-observer-ground"/><path d="M0 0v6" class="map-stroke"/></pattern>'
    '<pattern id="map-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" class="map-partner-ground"/><circle cx="3" cy="3" r="1.3" class="map-dot"/></pattern>'
    "</defs>"
)
