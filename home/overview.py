"""The figures on the home page and the map, all derived from the status history."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from countries.models import SCOGroup


@dataclass
class StatusGroup:
    key: str
    label: str
    rows: list = field(default_factory=list)
    total_fact: object = None  # a published fact stating this very total ("ten member states"), if any

    @property
    def count(self):
        return len(self.rows)

    @property
    def sourced(self):
        return sum(row.fact is not None for row in self.rows)


def current_groups(history, totals=()):
    """Current members, observers and partners from the open rows of the status history; each
    count links to the fact among ``totals`` stating that total (unit "member states"…)."""
    groups = {group: StatusGroup(group.value, group.label) for group in SCOGroup}
    for row in history:
        if not row.ended:
            groups[SCOGroup.of(row.status)].rows.append(row)
    for group in groups.values():
        group.rows.sort(key=lambda row: (row.start_date or datetime.date.max, row.country.name))
        group.total_fact = next((f for f in totals if f.unit == group.label and f.value == group.count), None)
    return list(groups.values())


@dataclass
class YearRow:
    year: int
    counts: dict  # group -> number of countries at the end of the year
    changes: list  # status rows that began that year
    values: list  # (count, fact behind the change or None) per charted group


@dataclass
class Growth:
    groups: list  # (key, label) of the groups with dated statuses: those charted
    years: list
    undated: list  # (label, how many current statuses have no date in the sources)

    @property
    def changes(self):
        return [row for row in self.years if row.changes]


def _spans(history):
    """(row, first year, year it ended or None) for each dated status row, oldest first. Without an
    end date, a status ended lasts until the country's next status (or a year)."""
    dated = sorted((row for row in history if row.start_date), key=lambda row: row.start_date)
    spans = []
    for row in dated:
        later = (o.start_date.year for o in dated if o.country_id == row.country_id and o.start_date > row.start_date)
        ends = row.end_date.year if row.end_date else next(later, row.start_date.year + 1)
        spans.append((row, row.start_date.year, ends if row.ended else None))
    return spans


def _held(spans, year):
    return [row for row, begins, ends in spans if begins <= year and (ends is None or ends > year)]


def _year_row(year, spans, charted):
    counts = dict.fromkeys(SCOGroup.values, 0) | Counter(SCOGroup.of(row.status) for row in _held(spans, year))
    changes = [row for row, begins, _ in spans if begins == year]
    # What each count links to: the fact stating the group's first sourced change that year.
    facts = {SCOGroup.of(row.status): row.fact for row in reversed(changes) if row.fact}
    return YearRow(year, counts, changes, [(counts[key], facts.get(key)) for key in charted])


def membership_by_year(history, *, until=None):
    """For each year, how many countries held each status at its end, and who joined; undated
    statuses are counted in ``undated`` only."""
    spans = _spans(history)
    charted = [key for key in SCOGroup.values if any(SCOGroup.of(row.status) == key for row, *_ in spans)]
    undated = Counter(SCOGroup.of(row.status).label for row in history if not row.start_date and not row.ended)
    years = range(spans[0][1], max(until or datetime.date.today().year, spans[-1][1]) + 1) if spans else ()
    rows = [_year_row(year, spans, charted) for year in years]
    return Growth([(key, SCOGroup(key).label) for key in charted], rows, list(undated.items()))


def statuses_at_end_of(history, year):
    """{country id: the status row it held at the end of ``year``}, as the chart counts them;
    ``year=None``: the current statuses, dated or not."""
    if year is None:
        return {row.country_id: row for row in history if not row.ended}
    return {row.country_id: row for row in _held(_spans(history), year)}


def years_of(history):
    """The years the status history covers, first dated start to this year."""
    starts = [row.start_date.year for row in history if row.start_date]
    return list(range(min(starts), datetime.date.today().year + 1)) if starts else []
