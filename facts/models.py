import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.models import PublicationStatus, Publishable, PublishableQuerySet, Revisioned, SlugKeyed, SlugManager
from core.provenance import Sourced
from core.structured import SCO, without_empty
from people.models import Attribution

QUOTE_MAX_LENGTH = 1000
_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def locate_quote(body, quote, hint=None):
    """(start, end) of the verbatim ``quote`` in ``body``, preferring the occurrence at ``hint``, or None."""
    start = hint if hint is not None and body[hint : hint + len(quote)] == quote else body.find(quote)
    return None if start < 0 else (start, start + len(quote))


def quote_error(article, quote):
    """Why a quote is refused; a quote that matches only with whitespace and quote marks folded is told so."""
    opening = quote[:60] + ("…" if len(quote) > 60 else "")
    message = f"The quote “{opening}” does not occur in the article “{article.title}”."
    folded = [" ".join(text.translate(_QUOTE_MARKS).split()) for text in (quote, article.body)]
    if folded[0] and folded[0] in folded[1]:
        message += (
            " It matches only if whitespace or quote marks are ignored: copy the passage exactly"
            " as the article has it (curly and straight quotes differ)."
        )
    return message


def supersede_cycle(start, successor):
    """The nodes around the cycle of ``successor`` (node → next node or None) back to ``start``, or None."""
    path, following = [start], successor(start)
    while following is not None and following not in path:  # chains are short
        path.append(following)
        following = successor(following)
    return path if following == start else None


class Standing(models.TextChoices):
    UNSOURCED = "unsourced", "unsourced"
    SINGLE_SOURCE = "single_source", "single source"
    CORROBORATED = "corroborated", "corroborated"
    DISPUTED = "disputed", "disputed"
    SUPERSEDED = "superseded", "superseded"


class Support(models.TextChoices):
    """How much of a fact's statement a passage states."""

    WHOLE = "whole", "the whole statement"
    PART = "part", "part of the statement"


class Qualifier(models.TextChoices):
    """How the source gives a figure, as Wikidata's quantity bounds do: "over 100", "nearly 70"."""

    EXACTLY = "exactly", "exactly"
    OVER = "over", "over"
    AT_LEAST = "at_least", "at least"
    APPROXIMATELY = "approximately", "approximately"
    NEARLY = "nearly", "nearly"


class FactQuerySet(PublishableQuerySet):
    def with_standing(self):
        """``source_count`` (published articles stating the whole fact; a part counts for nothing) and
        ``standing``, as correlated subqueries: worked out for the rows returned only, left out of a count."""
        stating = Citation.objects.stating().filter(fact=OuterRef("pk")).order_by().values("fact")
        sources = stating.annotate(n=Count("article", distinct=True))
        # The label worked out inside the subquery, so that it runs once a row, not once a When; two
        # articles or more is a lowest and a highest that differ, which needs no DISTINCT (a sort a row).
        sourced = stating.annotate(first=Min("article"), last=Max("article")).annotate(
            label=Case(
                When(first__lt=F("last"), then=Value(Standing.CORROBORATED)), default=Value(Standing.SINGLE_SOURCE)
            )
        )
        disputed = Exists(Fact.disputed_by.through.objects.filter(from_fact=OuterRef("pk")))
        return self.annotate(source_count=Coalesce(Subquery(sources.values("n")), 0), is_disputed=disputed).annotate(
            standing=Case(
                When(superseded_by__isnull=False, then=Value(Standing.SUPERSEDED)),
                When(is_disputed=True, then=Value(Standing.DISPUTED)),
                default=Coalesce(Subquery(sourced.values("label")), Value(Standing.UNSOURCED)),
                output_field=models.CharField(),
            )
        )

    def cited(self):
        """Published facts with their standing and the citations a reader can follow."""
        citations = Citation.objects.for_display()
        return self.published().with_standing().prefetch_related(models.Prefetch("citations", queryset=citations))

    def for_lists(self):
        """Published facts as lists show them: standing, topic, sources, what supersedes or disputes them."""
        compared = Fact.objects.cited()
        return (
            self.cited()
            .select_related("topic")
            .prefetch_related(
                models.Prefetch("superseded_by", queryset=compared),
                models.Prefetch("disputed_by", queryset=compared.order_by("slug"), to_attr="public_disputed_by"),
            )
        )

    def health(self):
        """How many of these facts are unsourced, disputed or superseded (one aggregate query)."""
        return self.with_standing().aggregate(
            total=Count("pk"),
            unsourced=Count("pk", filter=Q(standing=Standing.UNSOURCED)),
            disputed=Count("pk", filter=Q(standing=Standing.DISPUTED)),
            superseded=Count("pk", filter=Q(standing=Standing.SUPERSEDED)),
        )


@reversion.register(follow=("citations",))  # a version holds its citations, edited on its page
class Fact(SlugKeyed, Sourced, Revisioned, Publishable):
    PROVENANCE_FIELDS = ("statement", "value", "period", "scope", "countries", "events")

    slug = models.SlugField(max_length=120, unique=True, help_text="Stable key used by the fixtures.")
    statement = models.TextField(
        help_text="The claim in our words, e.g. “Belarus became the 10th member state in 2024.”"
    )
    topic = models.ForeignKey("core.Topic", on_delete=models.PROTECT, null=True, blank=True, related_name="facts")
    countries = models.ManyToManyField("countries.Country", blank=True, related_name="facts")
    events = models.ManyToManyField("events.Event", blank=True, related_name="facts")
    value = models.DecimalField(
        max_digits=20, decimal_places=3, null=True, blank=True, help_text="For figures: the number alone."
    )
    value_qualifier = models.CharField(
        "qualifier",
        max_length=15,
        choices=Qualifier.choices,
        blank=True,
        help_text="How the source gives the figure: “over 100” is over, “nearly 70” nearly, a plain number exactly.",
    )
    unit = models.CharField(max_length=60, blank=True, help_text="E.g. USD, CNY, percent, countries.")
    period = models.CharField(max_length=60, blank=True, help_text="E.g. 2024.")
    scope = models.CharField(
        max_length=300, blank=True, help_text="What the figure covers, e.g. “China's trade with SCO members”."
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="A newer fact that replaces this one.",
    )
    disputed_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="disputes", help_text="Facts that contradict this one."
    )
    other_scopes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="other_scopes_of",
        help_text="Figures that look alike but measure something else (another scope or period); shown on both.",
    )
    unsourced_ok = models.BooleanField(
        "publish without source",
        default=False,
        help_text="Tick to publish this fact with no citation; the site then labels it unsourced.",
    )
    note = models.TextField("internal note", blank=True, help_text="For other editors; not shown on the site.")

    objects = SlugManager.from_queryset(FactQuerySet)()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="fact_statement_not_empty"),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | ~Q(superseded_by=F("pk")),
                name="fact_not_superseded_by_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "topic"]),
            # The public list's order: a far page's OFFSET walks this index alone (a covering
            # index on SQLite, an index-only scan on PostgreSQL), not the table.
            models.Index(fields=["status", "slug"]),
        ]

    def __str__(self):
        return self.statement if len(self.statement) <= 90 else self.statement[:89] + "…"

    def get_absolute_url(self):
        return reverse("facts:detail", kwargs={"slug": self.slug})

    def structured_data(self, absolute):
        """A schema.org ``Claim``, each passage stating it a ``Quotation`` (the published citations, prefetched)."""
        return without_empty(
            {
                "@type": "Claim",
                "name": self.statement,
                "text": self.statement,
                "identifier": self.slug,
                "url": absolute(self.get_absolute_url()),
                "about": SCO,
                "appearance": [citation.structured_data(absolute) for citation in self.citations.all()],
            }
        )

    def clean(self):
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "A fact cannot supersede itself."})
        rows = {self.pk: (self.slug, self.superseded_by_id)}
        facts = type(self)._default_manager.db_manager(self._state.db or "default")

        def successor(pk):  # a query per link, not the whole table: a reload cleans every fact
            if pk not in rows:
                rows[pk] = facts.filter(pk=pk).values_list("slug", "superseded_by_id").first() or (None, None)
            return rows[pk][1]

        if self.pk is not None and (cycle := supersede_cycle(self.pk, successor)):
            path = " → ".join(rows[pk][0] for pk in [*cycle, self.pk])
            raise ValidationError({"superseded_by": f"Facts cannot supersede each other in a cycle: {path}."})
        if self.value is not None and not self.unit:
            raise ValidationError({"unit": "A figure needs its unit."})
        if self.value is not None and not self.value_qualifier:
            message = "Say how the source gives the figure: exactly, over, at least, approximately or nearly."
            raise ValidationError({"value_qualifier": message})
        if self.value is None and self.value_qualifier:
            raise ValidationError({"value_qualifier": "A qualifier goes with a figure; enter the value or clear it."})
        super().clean()

    @property
    def current_standing(self):
        """The standing of one fact, from the annotation when the queryset has it."""
        return Standing(getattr(self, "standing", None) or Fact.objects.with_standing().get(pk=self.pk).standing)


class CitationQuerySet(models.QuerySet):
    def stating(self):
        """The citations that count towards a fact's sources: the whole statement, in a published article."""
        return self.filter(article__status=PublicationStatus.PUBLISHED, supports=Support.WHOLE)

    def published(self):
        """Citations a reader can follow: both the fact and the article are published."""
        return self.filter(fact__status=PublicationStatus.PUBLISHED, article__status=PublicationStatus.PUBLISHED)

    def for_display(self):
        """Published citations with the source's outlet, oldest source first."""
        return (
            self.published()
            .select_related("article__outlet", "article__link_check", "speaker")
            .order_by("article__published_on", "article__title", "start")
        )

    def get_by_natural_key(self, fact_slug, article_slug, quote):
        return self.get(fact__slug=fact_slug, article__slug=article_slug, quote=quote)


@reversion.register()
class Citation(Revisioned):
    """A fact supported by an exact passage of an article."""

    # Indexed with what a fact's standing reads (Meta.indexes), not alone.
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="citations", db_index=False)
    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="citations")
    speaker = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text="Who the source says made the statement, when it names someone (or whom it is about).",
    )
    attribution = models.CharField(
        max_length=5,
        choices=Attribution.choices,
        default=Attribution.SAID,
        help_text="“said”: the passage gives the person's words; “about”: it says something about them "
        "(their role, what they did). Only what they said is listed as theirs.",
    )
    speaker_role = models.CharField(
        max_length=300,
        blank=True,
        help_text="The role the source gives the speaker, copied from the article word for word.",
    )
    quote = models.TextField(
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text="Paste the passage exactly as the article has it; it is checked against the body.",
    )
    supports = models.CharField(
        max_length=5,
        choices=Support.choices,
        default=Support.WHOLE,
        help_text="“whole”: the passage (with this article's other passages cited for the fact) states the "
        "whole statement; “part”: only part of it (a month without its year, a narrower scope). "
        "Only whole passages count as sources of the fact.",
    )
    start = models.PositiveIntegerField(editable=False, default=0, help_text="Offset of the quote in the body.")
    end = models.PositiveIntegerField(editable=False, default=0)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["article__title", "start"]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="citation_quote_not_empty"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="citation_end_after_start"),
            models.UniqueConstraint(fields=["fact", "article", "quote"], name="citation_unique_quote_per_fact"),
            models.CheckConstraint(
                condition=Q(attribution=Attribution.SAID) | Q(speaker__isnull=False),
                name="citation_about_names_the_person",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"]),
            # A fact's standing, worked out for every fact a facet counts, reads only this index.
            models.Index(fields=["fact", "supports", "article"], name="citation_fact_sources_idx"),
        ]

    def __str__(self):
        return f"{self.article} — “{self.quote[:60]}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        if not self.article_id or not self.quote:
            return
        position = locate_quote(self.article.body, self.quote, hint=self.start)
        if position is None:
            raise ValidationError({"quote": quote_error(self.article, self.quote)})
        self.start, self.end = position
        if self.speaker_role and self.speaker_role not in self.article.body:
            raise ValidationError(
                {"speaker_role": f"The role is not in “{self.article}” word for word; copy it from the article."}
            )
        if self.speaker_role and not self.speaker_id:
            raise ValidationError({"speaker": "A role needs the person the source gives it to."})
        if self.attribution == Attribution.ABOUT and not self.speaker_id:
            raise ValidationError({"speaker": "A passage about a person needs the person."})

    def natural_key(self):
        return (self.fact.slug, self.article.slug, self.quote)

    natural_key.dependencies = ["facts.fact", "articles.article"]

    def structured_data(self, absolute):
        person = self.speaker and self.speaker.structured_data(absolute)
        said = self.attribution == Attribution.SAID
        return without_empty(
            {
                "@type": "Quotation",
                "text": self.quote,
                "url": absolute(self.get_absolute_url()),
                "inLanguage": self.article.language,
                "creator": person if said else None,
                "about": None if said else person,
                "isPartOf": self.article.structured_reference(absolute),
            }
        )

    @property
    def anchor(self):
        return f"cite-{self.pk}"
