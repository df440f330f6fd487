import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_countries.fields import CountryField

from core.dates import (
    DatePrecision,
    iso_partial_date,
    partial_date_property,
    precision_constraint,
    validate_partial_dates,
)
from core.models import Alias, LeadImage, Publishable, PublishableQuerySet, Revisioned, SlugKeyed, SlugManager
from core.provenance import Sourced, provenance_of
from core.structured import SCO, without_empty


@reversion.register()
class Outlet(SlugKeyed, Sourced, Revisioned):
    PROVENANCE_FIELDS = ("name", "kind", "country")

    class Kind(models.TextChoices):
        NEWS_AGENCY = "news_agency", "news agency"
        BROADCASTER = "broadcaster", "broadcaster"
        NEWSPAPER = "newspaper", "newspaper"
        MINISTRY = "ministry", "ministry"
        THINK_TANK = "think_tank", "think tank"
        PRESS_RELEASE = "press_release", "press-release service"
        OTHER = "other", "other"

    NEWS_KINDS = (Kind.NEWS_AGENCY, Kind.BROADCASTER, Kind.NEWSPAPER)

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(blank=True, help_text="Where the outlet is based, if known.")
    website = models.URLField(blank=True, help_text="Only a URL you have seen; leave empty if unknown.")
    notes = models.TextField(blank=True, help_text="How the outlet was identified, for other editors; not shown.")

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:list") + f"?outlet={self.slug}"

    @property
    def is_news(self):
        """A news outlet by a kind the editors did not have to infer (JSON-LD has no room for the marker)."""
        return self.kind in self.NEWS_KINDS and provenance_of(self, "kind") is None


@reversion.register()
class OutletAlias(Alias):
    record = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="outletalias_unique_name")]


class ArticleQuerySet(PublishableQuerySet):
    def latest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "title")


@reversion.register()  # not its citations: they are edited, and reverted, with their facts
class Article(SlugKeyed, Sourced, Revisioned, Publishable, LeadImage):
    PROVENANCE_FIELDS = ("title", "outlet", "byline", "published_on", "url", "language")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Leave empty when the text does not show who published it.",
    )
    byline = models.CharField(max_length=200, blank=True, help_text="Author as printed; never guessed.")
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    url = models.URLField("original address", max_length=500, blank=True, help_text="Only if known.")
    language = models.CharField(max_length=10, default="en")
    body = models.TextField(help_text="The text exactly as published. Citations quote it verbatim.")
    stripped = models.TextField(
        blank=True, help_text="Site chrome removed from the body (cookie banners, menus), recorded verbatim."
    )
    summary = models.TextField(blank=True, help_text="Editor's summary, in our words.")
    usage_rights = models.TextField(blank=True, help_text="What the publisher allows, as stated in the source.")
    topics = models.ManyToManyField("core.Topic", blank=True, related_name="articles")
    countries = models.ManyToManyField("countries.Country", blank=True, related_name="articles")
    events = models.ManyToManyField("events.Event", blank=True, related_name="articles")

    objects = SlugManager.from_queryset(ArticleQuerySet)()

    class Meta:
        ordering = ["title"]
        constraints = [
            precision_constraint("published_on", "published_precision", "article_date_matches_precision"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]
        indexes = [models.Index(fields=["status", "published_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def structured_reference(self, absolute):
        """The article as schema.org data of a quotation's source: what identifies it, no more."""
        outlet = self.outlet
        return without_empty(
            {
                "@type": "NewsArticle" if outlet and outlet.is_news else "Article",
                "headline": self.title,
                "url": absolute(self.get_absolute_url()),
                "datePublished": iso_partial_date(self.published_on, self.published_precision),
                "publisher": outlet
                and without_empty({"@type": "Organization", "name": outlet.name, "url": outlet.website}),
                "inLanguage": self.language,
            }
        )

    def structured_data(self, absolute):
        """The page's own values: no author unless printed (``creditText``), dates only as precise as stated."""
        data = self.structured_reference(absolute)
        countries = [
            {"@type": "Country", "name": country.name, "url": absolute(country.get_absolute_url())}
            for country in self.countries.all()
        ]
        return without_empty(
            {
                **data,
                "name": self.title,
                "mainEntityOfPage": data["url"],
                "creditText": self.byline,
                "abstract": self.summary,
                "isBasedOn": self.url,
                "image": absolute(self.image.url) if self.image else None,
                "about": SCO,
                "mentions": countries,
                "keywords": ", ".join(topic.name for topic in self.topics.all()),
            }
        )

    def clean(self):
        validate_partial_dates((self.published_on, self.published_precision, "published_on"))
        super().clean()

    published_display = partial_date_property("published_on", "published_precision")
