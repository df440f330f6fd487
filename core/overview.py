"""The figures on the home page, all derived from the data: nothing here is typed twice."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from countries.models import MEMBER_STATUSES, SCOStatus
from facts.models import Fact, Standing

# The three groups the home page counts; founding members are members.
GROUPS = {
    "member": ("member states", MEMBER_STATUSES),
    "observer": ("observer states", (SCOStatus.OBSERVER,)),
    "dialogue_partner": ("dialogue partners", (SCOStatus.DIALOGUE_PARTNER,)),
}


def group_of(status):
    return next(key for key, (_, statuses) in GROUPS.items() if status in statuses)


@dataclass
class StatusGroup:
    key: str
    label: str
    rows: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.rows)

    @property
    def sourced(self):
        return sum(1 for row in self.rows if row.fact is not None)


def current_groups(history):
    """Current members, observers and partners from the open rows of the status history."""
    groups = {key: StatusGroup(key, label) for key, (label, _) in GROUPS.items()}
    for row in history:
        if not row.ended:
            groups[group_of(row.status)].rows.append(row)
    for group in groups.values():
        group.rows.sort(key=lambda row: (row.start_date or datetime.date.max, row.country.name))
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
    if row.end_date:
        return row.end_date.year
    return next_start.year if next_start else row.start_date.year + 1


def fact_of_change(changes, key):
    """The fact stating the first change of this group in a year: what a count links to."""
    return next((row.fact for row in changes if group_of(row.status) == key and row.fact), None)


def membership_by_year(history, *, until=None):
    """For each year, how many countries held each status at its end, and who joined.

    A status counts from the year it began up to the year it ended (exclusive); one
    that ended at a date the sources do not give ends when the country's next status
    begins. Statuses with no start date cannot be placed: they are left out, counted
    in ``undated``, and a group with no dated status is not charted at all.
    """
    dated = sorted((row for row in history if row.start_date), key=lambda row: row.start_date)
    charted = [key for key in GROUPS if any(group_of(row.status) == key for row in dated)]
    undated = {}
    for row in history:
        if not row.start_date and not row.ended:
            undated[group_of(row.status)] = undated.get(group_of(row.status), 0) + 1
    growth = Growth(
        groups=[(key, GROUPS[key][0]) for key in charted],
        years=[],
        undated=[(GROUPS[key][0], count) for key, count in undated.items()],
    )
    if not dated:
        return growth
    next_start = {}
    for row in dated:
        for other in dated:
            if other.country_id == row.country_id and other.start_date > row.start_date:
                next_start[row.pk] = other.start_date
                break
    first = dated[0].start_date.year
    last = max(until or datetime.date.today().year, dated[-1].start_date.year)
    spans = [(row, row.start_date.year, _end_year(row, next_start.get(row.pk))) for row in dated]
    for year in range(first, last + 1):
        counts = dict.fromkeys(GROUPS, 0)
        for row, begins, ends in spans:
            if begins <= year and (ends is None or ends > year):
                counts[group_of(row.status)] += 1
        changes = [row for row, begins, _ in spans if begins == year]
        values = [(counts[key], fact_of_change(changes, key)) for key in charted]
        growth.years.append(YearRow(year, counts, changes, values))
    return growth


def fact_health():
    """How many published facts are unsourced, disputed or superseded."""
    facts = Fact.objects.published().with_standing()
    return facts.aggregate(
        total=Count("pk"),
        unsourced=Count("pk", filter=Q(standing=Standing.UNSOURCED)),
        disputed=Count("pk", filter=Q(standing=Standing.DISPUTED)),
        superseded=Count("pk", filter=Q(standing=Standing.SUPERSEDED)),
    )
