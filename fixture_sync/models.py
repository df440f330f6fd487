from django.db import models


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
        # The model moved here from core; its table kept its name, so no data moved.
        db_table = "core_fixturerecord"
        constraints = [
            models.UniqueConstraint(fields=["model", "key_digest"], name="fixturerecord_unique_row"),
        ]

    def __str__(self):
        return f"{self.model} {self.key}"
