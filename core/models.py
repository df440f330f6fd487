from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    PUBLISHED = "published", "published"


class PublishableQuerySet(models.QuerySet):
    """Visibility in one place: views, search and the admin's queues call ``published()``."""

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class SlugManager(models.Manager):
    """Rows the fixtures name by slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Revisioned(models.Model):
    """A revision counter every save bumps, so the fixture engine can tell an edited row
    without reading it. Code that writes with ``QuerySet.update()`` bumps it too
    (``revision=F("revision") + 1``)."""

    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.revision += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class Publishable(models.Model):
    """Draft or published: readers see published rows only (``objects.published()``)."""

    status = models.CharField(max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


def lead_image_path(instance, filename):
    """Lead images are stored per app: ``articles/<name>``, ``events/<name>``."""
    return f"{instance._meta.app_label}/{filename}"


class LeadImage(models.Model):
    """An optional lead image, shown only with its alt text, credit and usage rights."""

    image = models.ImageField(upload_to=lead_image_path, blank=True)
    image_alt = models.CharField(max_length=300, blank=True)
    image_credit = models.CharField(max_length=200, blank=True)
    image_rights = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image and not (self.image_alt and self.image_credit and self.image_rights):
            raise ValidationError("An image needs alt text, a credit and its usage rights.")


class Topic(Revisioned):
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


class ContentVersion(models.Model):
    """One row: a token that changes whenever content a reader could see changes.

    Cached public pages are keyed by it, so every process and host sees an edit at once;
    read it with :func:`core.version.content_version`, never write it except through
    :func:`core.version.bump_content_version`."""

    token = models.CharField(max_length=32, help_text="Changes with every content change; not for editing.")
    changed_at = models.DateTimeField(help_text="When content last changed.")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="contentversion_single_row")]

    def __str__(self):
        return f"content version {self.token}"
