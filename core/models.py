from django.db import models
from django.urls import reverse


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    PUBLISHED = "published", "published"


class PublishableQuerySet(models.QuerySet):
    """Visibility in one place: views, search and feeds call ``published()``."""

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Topic(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences shown on the topic filter.")

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("facts:list") + f"?topic={self.slug}"

    def natural_key(self):
        return (self.slug,)


class FixtureRecord(models.Model):
    """What reload_fixtures last wrote for one row, so an editor's later edit is noticed.

    Both digests are SHA-256 of a row as export_fixtures serialises it:
    ``source_digest`` of the fixture entry that was loaded, ``db_digest`` of the row
    right after loading. A row whose digest no longer equals ``db_digest`` was edited
    since, and reload_fixtures does not overwrite it without ``--force``.
    """

    model = models.CharField(max_length=100)
    key = models.TextField(help_text="The row's natural key as JSON.")
    key_digest = models.CharField(max_length=64)
    source_digest = models.CharField(max_length=64)
    db_digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "key_digest"], name="fixturerecord_unique_row"),
        ]

    def __str__(self):
        return f"{self.model} {self.key}"
