"""A reader's note that something on a fact or an article is wrong: kept for the editors,
never shown on the site, and not content (saving one changes no page)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

from core.models import Revisioned


class Report(Revisioned):  # the revision: two editors triaging one report, the second save is refused
    class Status(models.TextChoices):
        NEW = "new", "new"
        ACCEPTED = "accepted", "accepted: to be fixed"
        REJECTED = "rejected", "rejected"
        FIXED = "fixed", "fixed"

    fact = models.ForeignKey("facts.Fact", on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    problem = models.TextField("what is wrong", max_length=2000)
    source_url = models.URLField("source address", max_length=500, blank=True)
    email = models.EmailField(blank=True, help_text="Given by the reader for questions; never shown on the site.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    editors_note = models.TextField("editors' note", blank=True, help_text="What was done, for other editors.")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # A keyed digest of the reader's network address, for the rate limit only (reports.views).
    sender = models.CharField(max_length=64, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fact__isnull=False, article__isnull=True) | Q(fact__isnull=True, article__isnull=False),
                name="report_on_one_record",
            )
        ]

    def __str__(self):
        return f"Report {self.pk}: {Truncator(self.problem).chars(60)}"

    @property
    def record(self):
        return self.fact or self.article
