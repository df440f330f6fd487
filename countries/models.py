import datetime
import json

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django_countries.fields import CountryField

from core.dates import DatedSpan, DatePrecision, iso_partial_date, period_end
from core.models import Alias, Revisioned
from core.provenance import Sourced
from core.structured import SCO, without_empty


class SCOStatus(models.TextChoices):
    FOUNDING_MEMBER = "founding_member", "founding member"
    MEMBER = "member", "member state"
    OBSERVER = "observer", "observer state"
    DIALOGUE_PARTNER = "dialogue_partner", "dialogue partner"


MEMBER_STATUSES = (SCOStatus.FOUNDING_MEMBER, SCOStatus.MEMBER)


class SCOGroup(models.TextChoices):
    """The three groups the site counts, in this order; founding members are members."""

    MEMBER = "member", "member states"
    OBSERVER = "observer", "observer states"
    DIALOGUE_PARTNER = "dialogue_partner", "dialogue partners"

    @property
    def statuses(self):
        return MEMBER_STATUSES if self == SCOGroup.MEMBER else (SCOStatus(self.value),)  # a status of the same name

    @classmethod
    def of(cls, status):
        return next(group for group in cls if status in group.statuses)


class CountryQuerySet(models.QuerySet):
    def with_current_status(self):
        """``current_status`` and ``current_since``, from the open row of the history."""
        current = CountryStatus.objects.filter(country=models.OuterRef("pk"), ended=False)
        return self.annotate(
            current_status=models.Subquery(current.values("status")[:1]),
            current_since=models.Subquery(current.values("start_date")[:1]),
        )

    def get_by_natural_key(self, iso_code):
        return self.get(iso_code=iso_code)


@reversion.register(follow=("statuses",))  # a version holds its status rows, edited on its page
class Country(Sourced, Revisioned):
    PROVENANCE_FIELDS = ("region",)

    iso_code = CountryField(unique=True, help_text="ISO 3166-1 alpha-2 code; also gives the flag.")
    name = models.CharField(max_length=120, unique=True, help_text="Short English name used on the site.")
    slug = models.SlugField(max_length=80, unique=True)
    region = models.CharField(max_length=80, blank=True, help_text="E.g. Central Asia, South Asia.")
    notes = models.TextField(blank=True, help_text="For other editors; not shown on the site.")

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("countries:detail", kwargs={"slug": self.slug})

    def structured_data(self, absolute, history=()):
        """A schema.org ``Country``: its ISO codes, and each period of its SCO status as a ``Role``."""
        roles = [
            without_empty(
                {
                    "@type": "Role",
                    "roleName": row.get_status_display(),
                    "startDate": iso_partial_date(row.start_date, row.start_precision),
                    "endDate": iso_partial_date(row.end_date, row.end_precision) if row.ended else None,
                    "memberOf": SCO,
                }
            )
            for row in history
        ]
        codes = (("ISO 3166-1 alpha-2", str(self.iso_code)), ("ISO 3166-1 alpha-3", self.iso_alpha3))
        return without_empty(
            {
                "@type": "Country",
                "name": self.name,
                "url": absolute(self.get_absolute_url()),
                "identifier": [{"@type": "PropertyValue", "propertyID": id_, "value": value} for id_, value in codes],
                "containedInPlace": {"@type": "Place", "name": self.region} if self.region else None,
                "memberOf": roles,
            }
        )

    def natural_key(self):
        return (str(self.iso_code),)

    @property
    def iso_alpha3(self):
        return self.iso_code.alpha3

    @property
    def flag_url(self):
        """Through the static files storage (hashed in production)."""
        url = self.iso_code.flag
        return static(url.removeprefix(settings.STATIC_URL)) if url.startswith(settings.STATIC_URL) else url

    @property
    def current_status_row(self):
        """The open status row; uses a prefetched ``statuses`` list when there is one."""
        return next((row for row in self.statuses.all() if not row.ended), None)


class CountryStatusQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended=False)

    def in_group(self, group):
        return self.filter(status__in=SCOGroup(group).statuses)

    def history(self, *, sources=False):
        """Rows with country and deciding event, and their published fact (None when a draft),
        with its standing and, if ``sources``, the citations a reader can follow."""
        facts = self.model._meta.get_field("fact").related_model.objects  # facts sit above countries
        facts = facts.cited() if sources else facts.published().with_standing()
        return self.select_related("country", "decided_at").prefetch_related(models.Prefetch("fact", queryset=facts))

    def get_by_natural_key(self, iso_code, status):
        return self.get(country__iso_code=iso_code, status=status)


ONE_CURRENT_STATUS = "A country holds one current status at a time: tick “Ended” on the status it no longer holds."


@reversion.register()
class CountryStatus(Sourced, Revisioned, DatedSpan):
    """One period of a country's standing in the SCO. The open row is its current status."""

    PROVENANCE_FIELDS = ("status", "start_date", "end_date", "decided_at")
    UNKNOWN_DATE = "date not in sources"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=20, choices=SCOStatus.choices)
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    ended = models.BooleanField(default=False, help_text="Tick when the country no longer holds this status.")
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    decided_at = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_decisions",
        help_text="The summit or meeting that decided it, where known.",
    )
    fact = models.ForeignKey(
        "facts.Fact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statuses",
        help_text="The fact (with its citations) that states this status. Empty means unsourced.",
    )

    objects = CountryStatusQuerySet.as_manager()

    class Meta(DatedSpan.Meta):
        ordering = ["country__name", models.F("start_date").asc(nulls_first=True)]
        verbose_name = "SCO status"
        verbose_name_plural = "SCO status history"
        constraints = [
            *DatedSpan.Meta.constraints,
            models.UniqueConstraint(fields=["country", "status"], name="countrystatus_once_per_status"),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(ended=False),
                name="countrystatus_one_current_per_country",
                violation_error_message=ONE_CURRENT_STATUS,
            ),
            models.CheckConstraint(
                condition=Q(ended=True) | Q(end_date__isnull=True), name="countrystatus_open_has_no_end"
            ),
        ]
        indexes = [models.Index(fields=["status", "ended"])]

    def __str__(self):
        return f"{self.country}: {self.get_status_display()} ({self.period_display})"

    def natural_key(self):
        return self.country.natural_key() + (self.status,)

    def clean(self):
        if not self.ended and self.end_date:  # the constraint, in words
            message = "An end date is for a status the country no longer holds: tick “Ended”, or leave the date empty."
            raise ValidationError({"end_date": message})
        super().clean()

    @property
    def period_display(self):
        return f"{self.start_display} – {self.end_display}" if self.ended else f"since {self.start_display}"

    def surely_held(self):
        """``(first, end)``: days on which the status was held however its partial dates are read (the end is
        the first day it was not); None when none is known."""
        end = self.end_date if self.ended else datetime.date.max
        if end is None:
            return None
        if self.start_date is not None:
            return period_end(self.start_date, self.start_precision), end
        return (end - datetime.timedelta(days=1), end) if self.ended else None  # at least its last day

    def surely_overlaps(self, other):  # a status may end the day the next begins
        spans = [self.surely_held(), other.surely_held()]
        return None not in spans and max(first for first, _ in spans) < min(end for _, end in spans)


def overlap_errors(rows):
    """A sentence for each pair of a country's status ``rows`` that were surely held at once."""
    return [
        f"{a.get_status_display().capitalize()} ({a.period_display}) and {b.get_status_display()} "
        f"({b.period_display}) overlap: a country holds one status at a time."
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
        if a.surely_overlaps(b)
    ]


def check_status_overlaps(*, using="default", changed=None):
    """Countries holding two statuses at once, as reload problems (``changed``: only their rows written)."""
    rows = CountryStatus.objects.using(using).select_related("country").order_by("country__iso_code", "start_date")
    if changed is not None:
        rows = rows.filter(country__in=set(changed.get("countries.country", ())))
    by_country = {}
    for row in rows:
        by_country.setdefault(row.country, []).append(row)
    return [
        f"countries.country {json.dumps(list(country.natural_key()))}: statuses: {error}"
        for country, statuses in by_country.items()
        for error in overlap_errors(statuses)
    ]


@reversion.register()
class CountryAlias(Alias):
    record = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="countryalias_unique_name")]
