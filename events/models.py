import datetime

import reversion
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.dates import DatedSpan, DatePrecision, iso_partial_date
from core.models import Alias, LeadImage, Publishable, PublishableQuerySet, Revisioned, SlugKeyed, SlugManager
from core.provenance import Sourced
from core.structured import SCO, without_empty


class EventKind(models.TextChoices):
    FOUNDING = "founding", "founding"
    SUMMIT = "summit", "summit (Council of Heads of State)"
    ENLARGEMENT = "enlargement", "enlargement"
    MINISTERIAL = "ministerial", "ministerial meeting"
    MEETING = "meeting", "other official meeting"
    FORUM = "forum", "forum"
    EXERCISE = "exercise", "exercise or drill"
    INFRASTRUCTURE = "infrastructure", "infrastructure milestone"
    TRADE = "trade", "trade milestone"
    PRESIDENCY = "presidency", "presidency"
    OTHER = "other", "other"


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.filter(start_date__gt=datetime.date.today()).order_by("start_date")

    def past(self):
        return self.filter(start_date__lte=datetime.date.today()).order_by("-start_date")

    def chronological(self):
        return self.order_by(models.F("start_date").asc(nulls_last=True), "title")

    def with_country(self, country):
        """Events the country took part in or hosted."""
        taking_part = Event.participants.through.objects.filter(country=country).values("event")
        return self.filter(Q(pk__in=taking_part) | Q(host_country=country))

    def involving(self, country):
        """Events the country took part in, hosted, or where its SCO status was decided."""
        deciding = Event.objects.filter(status_decisions__country=country).values("pk")
        return self.with_country(country) | self.filter(pk__in=deciding)


@reversion.register()
class Event(SlugKeyed, Sourced, Revisioned, Publishable, LeadImage, DatedSpan):
    PROVENANCE_FIELDS = ("title", "kind", "number", "start_date", "end_date", "city", "host_country", "chair")
    PROVENANCE_FIELDS += ("description",)

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(32767)],  # PostgreSQL's limit, which SQLite would not enforce
        help_text="Ordinal where the sources number it (the 23rd meeting of the Council).",
    )
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    end_date = models.DateField(null=True, blank=True, help_text="Only for events lasting more than one day.")
    end_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    city = models.CharField(max_length=120, blank=True)
    host_country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_events"
    )
    chair = models.CharField(max_length=200, blank=True, help_text="Who chaired, as the sources name them.")
    participants = models.ManyToManyField("countries.Country", blank=True, related_name="events")
    description = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    topics = models.ManyToManyField("core.Topic", blank=True, related_name="events")

    objects = SlugManager.from_queryset(EventQuerySet)()

    class Meta(DatedSpan.Meta):
        ordering = [models.F("start_date").asc(nulls_last=True), "title"]
        indexes = [models.Index(fields=["status", "start_date"]), models.Index(fields=["kind", "start_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def structured_data(self, absolute):
        """A schema.org ``Event``, its dates as precise as its sources give them."""
        country = self.host_country
        place = ", ".join(part for part in (self.city, country.name if country else "") if part)
        address = {
            "@type": "PostalAddress",
            "addressLocality": self.city,
            "addressCountry": str(country.iso_code) if country else None,
        }
        return without_empty(
            {
                "@type": "Event",
                "name": self.title,
                "url": absolute(self.get_absolute_url()),
                "startDate": iso_partial_date(self.start_date, self.start_precision),
                "endDate": iso_partial_date(self.end_date, self.end_precision),
                "location": place and {"@type": "Place", "name": place, "address": without_empty(address)},
                "description": self.description,
                "image": absolute(self.image.url) if self.image else None,
                "about": SCO,
            }
        )

    @property
    def dates_display(self):
        same = self.end_date is None or self.end_display == self.start_display  # "2026", not "2026 – 2026"
        return self.start_display if same else f"{self.start_display} – {self.end_display}"


@reversion.register()
class EventAlias(Alias):
    record = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="eventalias_unique_name")]
