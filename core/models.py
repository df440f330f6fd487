import reversion
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Now
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    PUBLISHED = "published", "published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugKeyed:
    def natural_key(self):
        return (self.slug,)


class Revisioned(models.Model):
    """A revision counter every save bumps (``update()`` adds :func:`revised`): the fixture engine
    tells an edited row by it. The times are of this database, not content."""

    FIELDS_KEPT_ON_RELOAD = ("created_at",)

    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.revision += 1
        self.modified_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision", "modified_at"}
        super().save(*args, **kwargs)


def revised():
    return {"revision": F("revision") + 1, "modified_at": Now()}


@receiver(m2m_changed, dispatch_uid="core.revised_links")
def links_revised(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Links added or removed through a many-to-many field (``fact.countries.add()``, from either side) edit
    the row whose field it is, as a save would: its revision moves (an admin save moves it twice)."""
    owner = model if reverse else type(instance)  # reverse: ``instance`` is the row linked to
    changed = action == "pre_clear" or (action in ("post_add", "post_remove") and pk_set)
    if not changed or not issubclass(owner, Revisioned):
        return
    if not reverse:
        owners = owner._default_manager.filter(pk=instance.pk)
    else:
        field = next(f for f in owner._meta.many_to_many if f.remote_field.through is sender)
        owners = owner._default_manager.filter(**({"pk__in": pk_set} if pk_set else {field.name: instance}))
    owners.update(**revised())


class Publishable(models.Model):
    """``published_at`` (feed items' date): first published here (``update()`` adds :func:`published_now`)."""

    FIELDS_KEPT_ON_RELOAD = ("created_at", "published_at")

    status = models.CharField(max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


def published_now():
    return {"published_at": Coalesce("published_at", Now())}


def stamp_publication_times(using=None, changed=None):
    """Stamp published rows that have no publication time (a reload bypasses ``save()``): a reload
    check that finds no problems."""
    for model in apps.get_models():
        if issubclass(model, Publishable):
            rows = model._default_manager.db_manager(using).filter(published_at__isnull=True)
            rows.filter(status=PublicationStatus.PUBLISHED).update(published_at=Now())
    return []


def lead_image_path(instance, filename):
    return f"{instance._meta.app_label}/{filename}"


class LeadImage(models.Model):
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


@reversion.register()
class Topic(SlugKeyed, Revisioned):
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


class ContentVersion(models.Model):
    """The single row of :mod:`core.version`."""

    token = models.CharField(max_length=32, help_text="Changes with every content change; not for editing.")
    changed_at = models.DateTimeField(help_text="When content last changed.")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="contentversion_single_row")]

    def __str__(self):
        return f"content version {self.token}"


class FormerSlugManager(models.Manager):
    def get_by_natural_key(self, model, slug):
        return self.get(model=model, slug=slug)


@reversion.register()
class FormerSlug(Revisioned):
    """A slug a public page had, answering 301 to ``target``, always the current slug (:mod:`core.slugs`)."""

    model = models.CharField(max_length=100, help_text="The kind of page, as app_label.model_name (facts.fact).")
    slug = models.SlugField(
        max_length=120, db_index=False, help_text="The old slug, which readers may still have in links."
    )
    target = models.SlugField(max_length=120, db_index=False, help_text="The current slug the old one leads to.")

    objects = FormerSlugManager()

    class Meta:
        ordering = ["model", "slug"]
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="formerslug_unique_slug")]
        indexes = [models.Index(fields=["model", "target"], name="formerslug_target")]

    def __str__(self):
        return f"{self.model}: {self.slug} → {self.target}"

    def natural_key(self):
        return (self.model, self.slug)


class AliasManager(models.Manager):
    def get_by_natural_key(self, name, *record_key):
        return self.get(
            name=name,
            record=self.model._meta.get_field("record").related_model.objects.get_by_natural_key(*record_key),
        )


class Alias(Revisioned):
    """Another name of a record, editors' knowledge searched with it; each app declares its own, with a
    foreign key ``record`` (related name ``aliases``)."""

    name = models.CharField(
        max_length=200, help_text="Another spelling, a former or official name, an abbreviation: a name only."
    )

    objects = AliasManager()

    class Meta:
        abstract = True
        ordering = ["name"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name, *self.record.natural_key())


class PublicSummary(models.Model):
    """A change in the editors' words for readers (a fact's public history); the revision's comment is internal."""

    revision = models.OneToOneField("reversion.Revision", on_delete=models.CASCADE, related_name="public_summary")
    text = models.CharField(max_length=200, help_text="Shown to readers with the date of the change.")

    def __str__(self):
        return self.text
