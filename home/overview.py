"""The figures on the home page, all derived from the data: nothing here is typed twice."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from countries.models import SCOGroup


def group_of(status):
    return SCOGroup.of(status).value


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
        return sum(1 for row in self.rows if row.fact is not None)


def current_groups(history, totals=()):
    """Current members, observers and partners from the open rows of the status history; each
    count links to the fact among ``totals`` stating that total (unit "member states"…)."""
    groups = {group.value: StatusGroup(group.value, group.label) for group in SCOGroup}
    for row in history:
        if not row.ended:
            groups[group_of(row.status)].rows.append(row)
    by_label = {group.label: group for group in groups.values()}
    for group in groups.values():
        group.rows.sort(key=lambda row: (row.start_date or datetime.date.max, row.country.name))
    for fact in totals:
        group = by_label.get(fact.unit)
        if group is not None and group.total_fact is None and fact.value == group.count:
            group.total_fact = fact
    return list(groups.values())


@dataclass
class YearRow:
    year: int
    counts: dict  # group -> number of countries at the end of the year
    changes: list  # status rows that began that year
    values: list = field(default_factory=list)  # (count, fact behind the change or None) per charted group

    @property
    def members(self):
        return self.counts["member"]


@dataclass
class Growth:
    groups: list  # (key, label) of the groups with dated statuses: those charted
    years: list
    undated: list  # (label, how many current statuses have no date in the sources)

    @property
    def changes(self):
        return [row for row in self.years if row.changes]


def _end_year(row, next_start):
    if not row.ended:
        return None
    return row.end_date.year if row.end_date else next_start.year if next_start else row.start_date.year + 1


def fact_of_change(changes, key):
    """The fact stating the first change of this group in a year: what a count links to."""
    return next((row.fact for row in changes if group_of(row.status) == key and row.fact), None)


def _undated(history):
    undated = Counter(group_of(row.status) for row in history if not row.start_date and not row.ended)
    return [(SCOGroup(key).label, count) for key, count in undated.items()]


def _spans(dated):
    """(row, first year, year it ended or None) for each dated status row (``dated`` by start date)."""
    spans = []
    for row in dated:
        later = (o.start_date for o in dated if o.country_id == row.country_id and o.start_date > row.start_date)
        spans.append((row, row.start_date.year, _end_year(row, next(later, None))))
    return spans


def _year_row(year, spans, charted):
    counts = dict.fromkeys(SCOGroup.values, 0)
    for row, begins, ends in spans:
        if begins <= year and (ends is None or ends > year):
            counts[group_of(row.status)] += 1
    changes = [row for row, begins, _ in spans if begins == year]
    values = [(counts[key], fact_of_change(changes, key)) for key in charted]
    return YearRow(year, counts, changes, values)


def membership_by_year(history, *, until=None):
    """For each year, how many countries held each status at its end, and who joined. A status
    counts from the year it began up to the year it ended (exclusive), or without an end date
    until the country's next status; undated statuses are counted in ``undated`` only."""
    dated = sorted((row for row in history if row.start_date), key=lambda row: row.start_date)
    charted = [key for key in SCOGroup.values if any(group_of(row.status) == key for row in dated)]
    growth = Growth(groups=[(key, SCOGroup(key).label) for key in charted], years=[], undated=_undated(history))
    if not dated:
        return growth
    first = dated[0].start_date.year
    last = max(until or datetime.date.today().year, dated[-1].start_date.year)
    spans = _spans(dated)
    growth.years = [_year_row(year, spans, charted) for year in range(first, last + 1)]
    return growth


def statuses_at_end_of(history, year):
    """{country id: the status row it held at the end of ``year``}, from the dated rows, as the
    chart counts them; ``year=None``: the current statuses, dated or not."""
    if year is None:
        return {row.country_id: row for row in history if not row.ended}
    dated = sorted((row for row in history if row.start_date), key=lambda row: row.start_date)
    return {
        row.country_id: row for row, begins, ends in _spans(dated) if begins <= year and (ends is None or ends > year)
    }


def years_of(history):
    """The years the status history covers, first dated start to this year."""
    starts = [row.start_date.year for row in history if row.start_date]
    return list(range(min(starts), datetime.date.today().year + 1)) if starts else []
