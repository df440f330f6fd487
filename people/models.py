import re
from collections import defaultdict

import reversion
from django.db import models
from django.urls import reverse

from core.caching import cached_for_version
from core.models import Alias, PublicationStatus, Revisioned, SlugKeyed, SlugManager
from core.provenance import Sourced


def role_key(role):
    """A role compared across sources: case, articles, punctuation and spacing left out, and
    "responsible for the work of X" read as X (another source's name for X's office)."""
    words = re.sub(r"[^\w\s']", " ", role.lower().replace("’", "'")).split()
    return " ".join(word for word in words if word not in {"the", "a", "an"}).removeprefix("responsible for work of ")


class Attribution(models.TextChoices):
    """Whether a passage that names a person gives their words or is about them (a citation's)."""

    SAID = "said", "what the person said"
    ABOUT = "about", "about the person"


class PersonQuerySet(models.QuerySet):
    def quoted(self):
        """People a reader can see: a published source reports them saying a published fact."""
        published = PublicationStatus.PUBLISHED
        return self.filter(citations__fact__status=published, citations__article__status=published).distinct()


@reversion.register()
class Person(SlugKeyed, Sourced, Revisioned):
    """Someone a source quotes or reports as saying something; roles belong to each citation."""

    PROVENANCE_FIELDS = ("name",)

    name = models.CharField(max_length=200, help_text="As the sources print it.")
    slug = models.SlugField(max_length=120, unique=True)
    note = models.TextField("internal note", blank=True, help_text="For other editors; not shown on the site.")

    objects = SlugManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    def structured_data(self, absolute):
        """schema.org data of the page (core.structured): the name as the sources print it, nothing more
        (roles belong to each citation, and the sources do not always agree on them)."""
        return {"@type": "Person", "name": self.name, "url": absolute(self.get_absolute_url())}


def role_holders():
    """``{role key: {person slug: person name}}`` over every published, attributed citation."""
    holders = defaultdict(dict)
    Citation = Person._meta.get_field("citations").related_model  # facts sit above people
    citations = Citation.objects.published().exclude(speaker=None).exclude(speaker_role="")
    for role, slug, name in citations.values_list("speaker_role", "speaker__slug", "speaker__name"):
        holders[role_key(role)][slug] = name
    return {key: dict(people) for key, people in holders.items()}


def others_with_role(request, role, person_slug):
    """The people other sources give ``role`` to, besides ``person_slug``: [(slug, name)]. Two sources may
    give one role to different people, and readers see both (worked out once per content version)."""
    holders = cached_for_version(request, "people:role-holders", role_holders).get(role_key(role), {})
    return sorted(((slug, name) for slug, name in holders.items() if slug != person_slug), key=lambda p: p[1])


@reversion.register()
class PersonAlias(Alias):
    record = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="personalias_unique_name")]
