from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """One published object as the search sees it (written by :mod:`search.index`). On
    PostgreSQL ``vector`` holds the weighted tsvector behind a GIN index; on SQLite an FTS5
    table kept in step by triggers indexes ``title`` and ``body`` (see the migration)."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "article"
        COUNTRY = "country", "country"
        EVENT = "event", "event"
        FACT = "fact", "fact"
        PERSON = "person", "person"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_one_per_object"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title[:60]}"


class SearchWord(models.Model):
    """A word of the index and how many entries hold it: the vocabulary misspelled words are
    corrected against (:mod:`search.spelling`), kept in step with the entries by :mod:`search.index`."""

    word = models.CharField(max_length=40, unique=True)
    entries = models.PositiveIntegerField()

    def __str__(self):
        return self.word
