from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """One published object as the search sees it: ``vector`` indexed on PostgreSQL, an FTS5 table kept in
    step by triggers on SQLite (see the migration)."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "article"
        COUNTRY = "country", "country"
        EVENT = "event", "event"
        FACT = "fact", "fact"
        PERSON = "person", "person"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)  # what a reader reads on the object's page: snippets are cut from it
    about = models.TextField(blank=True)  # matched, never shown as a snippet: names, kinds, places, dates, topics
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_one_per_object"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title[:60]}"


class SearchWord(models.Model):
    """A word of the index and how many entries hold it: what misspelled words are corrected to."""

    word = models.CharField(max_length=40, unique=True)
    entries = models.PositiveIntegerField()

    def __str__(self):
        return self.word
