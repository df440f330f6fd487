"""Dates as precise as the source: a ``DateField`` holding the period's first day (null when unknown)
and a precision, so a year never shows as "1 January 2024"."""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    UNKNOWN = "unknown", "unknown"


def format_partial_date(value, precision, unknown="undated"):
    if value is None or precision == DatePrecision.UNKNOWN:
        return unknown
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def precision_constraint(date_field, precision_field, name):
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field}__isnull": True, precision_field: DatePrecision.UNKNOWN})
            | (Q(**{f"{date_field}__isnull": False}) & ~Q(**{precision_field: DatePrecision.UNKNOWN}))
        ),
        name=name,
    )


def validate_partial_dates(*triples):
    """Refuse, field by field, each ``(value, precision, field name)`` that contradicts itself."""
    errors = {}
    for value, precision, name in triples:
        if precision == DatePrecision.UNKNOWN and value is not None:
            errors[name] = "Leave the date empty when its precision is unknown."
        elif precision != DatePrecision.UNKNOWN and value is None:
            errors[name] = f"Give a date, or set the precision to unknown (it is {precision})."
        elif precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
            errors[name] = "A date known to the year is stored as 1 January of that year."
        elif precision == DatePrecision.MONTH and value.day != 1:
            errors[name] = "A date known to the month is stored as the first day of that month."
    if errors:
        raise ValidationError(errors)


def period_end(value, precision):
    """The last day of the period a partial date names (its value is the first)."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def partial_date_property(date_field, precision_field, unknown="undated"):
    return property(lambda obj: format_partial_date(getattr(obj, date_field), getattr(obj, precision_field), unknown))


class DatedSpan(models.Model):
    """The checks and display of ``start_date``/``end_date`` and their precisions, which the model
    declares itself: where they sit among its fields is the order of its fixtures' keys."""

    UNKNOWN_DATE = "undated"

    class Meta:
        abstract = True
        constraints = [
            precision_constraint("start_date", "start_precision", "%(class)s_start_matches_precision"),
            precision_constraint("end_date", "end_precision", "%(class)s_end_matches_precision"),
            models.CheckConstraint(  # exact for an end known to the day; clean() reads the others
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | ~Q(end_precision=DatePrecision.DAY)
                | Q(end_date__gte=models.F("start_date")),
                name="%(class)s_ends_after_start",
            ),
        ]

    def clean(self):
        validate_partial_dates(
            (self.start_date, self.start_precision, "start_date"),
            (self.end_date, self.end_precision, "end_date"),
        )
        # Ending in "2012" what began in "May 2012" is sound: only an end wholly before the start is refused.
        if self.start_date and self.end_date and period_end(self.end_date, self.end_precision) < self.start_date:
            raise ValidationError({"end_date": "The end cannot come before the start."})
        super().clean()

    start_display = property(lambda obj: format_partial_date(obj.start_date, obj.start_precision, obj.UNKNOWN_DATE))
    end_display = property(lambda obj: format_partial_date(obj.end_date, obj.end_precision, obj.UNKNOWN_DATE))


def iso_partial_date(value, precision):
    """ISO 8601 as precise as the source ("2024", "2024-05"); None when unknown."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


MONTHS = [name.lower() for name in calendar.month_name[1:]]
PARTIAL_DATE_HELP = (
    "A year (2024), a month (May 2025 or 2025-05) or a day (14 May 2025 or 2025-05-14); empty if unknown."
)
_NUMERIC = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_WORDS = re.compile(
    r"(?:(?P<day>\d{1,2})\s+)?(?P<month_name>[a-z]+)\.?(?:\s+(?P<day_after>\d{1,2}))?,?\s+(?P<year>\d{4})"
)


def parse_partial_date(text):
    """``(date or None, precision)`` of "2024", "May 2025", "2025-05", "14 May 2025", "May 14, 2025",
    "2025-05-14", "unknown" or nothing."""
    typed = " ".join((text or "").split())
    text = typed.lower()
    if text in ("", "unknown"):
        return None, DatePrecision.UNKNOWN
    parts = _NUMERIC.fullmatch(text) or _WORDS.fullmatch(text)
    if parts is None:
        raise ValidationError(f"“{typed}” is not a date. {PARTIAL_DATE_HELP}", code="invalid")
    found = parts.groupdict()
    month = _month_number(found["month_name"]) if found.get("month_name") else found.get("month")
    day = found.get("day") or found.get("day_after")
    if found.get("day") and found.get("day_after"):
        raise ValidationError(f"“{typed}” gives two days. {PARTIAL_DATE_HELP}", code="invalid")
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    year, month, day = int(found["year"]), int(month or 1), int(day or 1)
    if year < 1 or not 1 <= month <= 12:
        raise ValidationError(f"“{typed}” is not a date. {PARTIAL_DATE_HELP}", code="invalid")
    try:
        return datetime.date(year, month, day), precision
    except ValueError:
        raise ValidationError(f"{MONTHS[month - 1].capitalize()} {year} has no day {day}.", code="invalid") from None


def _month_number(name):
    """1–12 for a month's name or its first three letters or more ("sep", "sept")."""
    matches = [number for number, month in enumerate(MONTHS, 1) if len(name) >= 3 and month.startswith(name)]
    if len(matches) != 1:
        raise ValidationError(f"“{name}” is not a month. {PARTIAL_DATE_HELP}", code="invalid")
    return matches[0]
