from django.db import models


class FixtureRecord(models.Model):
    """The fixture entry's digest and the row's revision as the last reload or export left them: a revision
    that moved since is an edit."""

    model = models.CharField(max_length=100)
    key = models.TextField(help_text="The row's natural key as JSON.")
    key_digest = models.CharField(max_length=64)
    source_digest = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The model moved here from core; its table kept its name, so no data moved.
        db_table = "core_fixturerecord"
        constraints = [
            models.UniqueConstraint(fields=["model", "key_digest"], name="fixturerecord_unique_row"),
        ]

    def __str__(self):
        return f"{self.model} {self.key}"


class FixtureState(models.Model):
    """The fixture files and the synced rows as the last reload left them (one row): while both
    digests match, a reload has nothing to do."""

    files_digest = models.CharField(max_length=64, help_text="Names and contents of the fixture files.")
    rows_digest = models.CharField(max_length=64, help_text="Primary key and revision of every synced row.")
    counts = models.JSONField(default=dict, help_text="Entries per model, and rows editors added.")
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"fixtures as loaded at {self.loaded_at:%Y-%m-%d %H:%M}"
