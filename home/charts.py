"""The membership chart, drawn on the server as SVG and styled by site.css, with a title and a
description for assistive technology; the page carries the same data as a table."""

import itertools

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 36, 24, 26, 34
# The CSS class of each group's line: colour and dash pattern differ, so colour is never the only cue.
SERIES = {"member": "series-member", "observer": "series-observer", "dialogue_partner": "series-partner"}


def _step_path(points):
    """A step line: the value holds until the next year's change."""
    commands = [f"M{points[0][0]},{points[0][1]}"]
    for (_, y0), (x1, y1) in itertools.pairwise(points):
        commands.append(f"H{x1}" if y0 == y1 else f"H{x1}V{y1}")
    return " ".join(commands)


def _description(growth):
    first, last = growth.years[0], growth.years[-1]
    others = [f"{last.counts[key]} {label}" for key, label in growth.groups if key != "member"]
    grew = (
        f"Member states grew from {first.counts['member']} in {first.year} to {last.counts['member']} in {last.year}"
    )
    return grew + (f"; {' and '.join(others)} in {last.year}." if others else ".")


def membership_chart(growth):
    """SVG step chart of the charted groups (member states first) per year."""
    years = growth.years
    if not years:
        return ""
    top_value = max(5, -(-max(count for row in years for count, _ in row.values) // 5) * 5)  # a multiple of 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(1, len(years) - 1)
    first_year = years[0].year

    # format_html escapes its arguments, so coordinates arrive as formatted strings.
    def x(index):
        return f"{LEFT + plot_w * index / span:.1f}"

    def y(value, shift=0):
        return f"{TOP + plot_h * (1 - value / top_value) + shift:.1f}"

    def labelled(year):  # the first year, then round years not crowding it
        return len(years) <= 8 or year == first_year or (year % 5 == 0 and year - first_year >= 3)

    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, WIDTH - RIGHT, y(v), y(v), LEFT - 6, y(v, 4), v) for v in range(0, top_value + 1, 5)),
    )
    ticks = format_html_join(
        "",
        '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(i), HEIGHT - BOTTOM + 18, row.year) for i, row in enumerate(years) if labelled(row.year)),
    )
    lines = format_html_join(
        "",
        '<path class="series {}" d="{}"><title>{}</title></path>',
        (
            (SERIES[key], _step_path([(x(i), y(row.counts[key])) for i, row in enumerate(years)]), label)
            for key, label in growth.groups
        ),
    )
    # Each change in membership; not a link: the table below links each change to its fact.
    members = [row.counts["member"] for row in years]
    dots = format_html_join(
        "",
        '<circle class="dot series-member" cx="{}" cy="{}" r="4"/>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(i), y(n), x(i), y(n, -9), n) for i, n in enumerate(members) if i == 0 or n != members[i - 1]),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="growth-title growth-desc" '
        'preserveAspectRatio="xMidYMid meet">'
        '<title id="growth-title">SCO membership by year</title><desc id="growth-desc">{description}</desc>{drawn}'
        '<line class="axis-line" x1="{left}" x2="{right}" y1="{base}" y2="{base}"/></svg>',
        width=WIDTH,
        height=HEIGHT,
        description=_description(growth),
        drawn=grid + ticks + lines + dots,
        left=LEFT,
        right=WIDTH - RIGHT,
        base=y(0),
    )


def legend(growth):
    swatches = ((SERIES[key], label) for key, label in growth.groups)
    items = format_html_join("", '<li><span class="swatch {}" aria-hidden="true"></span>{}</li>', swatches)
    return format_html('<ul class="legend">{}</ul>', items)
