"""The membership chart's geometry, drawn as SVG by includes/membership_chart.html and styled by site.css;
the page carries the same data as a table."""

import itertools

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 36, 24, 26, 34
# The CSS class of each group's line: colour and dash pattern differ, so colour is never the only cue.
SERIES = {"member": "series-member", "observer": "series-observer", "dialogue_partner": "series-partner"}


def _step_path(points):
    """A step line: the value holds until the next year's change."""
    steps = (f"H{x1}" if y0 == y1 else f"H{x1}V{y1}" for (_, y0), (x1, y1) in itertools.pairwise(points))
    return " ".join([f"M{points[0][0]},{points[0][1]}", *steps])


def _description(growth):
    first, last = growth.years[0], growth.years[-1]
    others = [f"{last.counts[key]} {label}" for key, label in growth.groups if key != "member"]
    grew = (
        f"Member states grew from {first.counts['member']} in {first.year} to {last.counts['member']} in {last.year}"
    )
    return grew + (f"; {' and '.join(others)} in {last.year}." if others else ".")


def membership_chart(growth):
    """A step line per charted group (member states first) per year; None without a dated status."""
    years = growth.years
    if not years:
        return None
    top_value = max(5, -(-max(count for row in years for count, _ in row.values) // 5) * 5)  # a multiple of 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(1, len(years) - 1)
    first_year = years[0].year

    def x(index):
        return f"{LEFT + plot_w * index / span:.1f}"

    def y(value, shift=0):
        return f"{TOP + plot_h * (1 - value / top_value) + shift:.1f}"

    def labelled(year):  # the first year, then round years not crowding it
        return len(years) <= 8 or year == first_year or (year % 5 == 0 and year - first_year >= 3)

    members = [row.counts["member"] for row in years]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "base": y(0),
        "description": _description(growth),
        "grid": [(y(v), LEFT - 6, y(v, 4), v) for v in range(0, top_value + 1, 5)],
        "ticks": [(x(i), HEIGHT - BOTTOM + 18, row.year) for i, row in enumerate(years) if labelled(row.year)],
        "series": [
            (SERIES[key], _step_path([(x(i), y(row.counts[key])) for i, row in enumerate(years)]), label)
            for key, label in growth.groups
        ],
        # Each change in membership; not a link: the table below links each change to its fact.
        "dots": [(x(i), y(n), y(n, -9), n) for i, n in enumerate(members) if i == 0 or n != members[i - 1]],
    }
