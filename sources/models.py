"""What the site keeps of a source's page: the captures of its bytes (archived as WARC
records in media storage) and the last check of its address (link health and drift)."""

from django.db import models


class Capture(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="captures")
    url = models.URLField(max_length=500, blank=True, help_text="The address asked for; empty for an uploaded file.")
    final_url = models.URLField(max_length=500, blank=True, help_text="The address after redirects.")
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64, help_text="Of the bytes as received.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    accessed_at = models.DateTimeField(help_text="When the page was read (or the file uploaded).")
    archive = models.FileField(upload_to="sources/%Y/%m/", help_text="A WARC record of the bytes and headers.")

    class Meta:
        ordering = ["-accessed_at"]
        get_latest_by = "accessed_at"

    def __str__(self):
        return f"{self.final_url or 'uploaded file'}, {self.accessed_at:%Y-%m-%d}"


class LinkCheck(models.Model):
    """The last check of an article's address, and of each cited passage on the live page (sources.checking)."""

    class Status(models.TextChoices):
        LIVE = "live", "live"
        MOVED = "moved", "moved (redirects elsewhere)"
        GONE = "gone", "gone"
        ERROR = "error", "error"
        CHANGED = "changed", "changed (a cited passage is missing)"

    class Passage(models.TextChoices):
        PRESENT = "present", "still on the live page"
        MOVED = "moved", "on the live page, elsewhere"
        MISSING = "missing", "missing from the live page"

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="link_check")
    checked_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(blank=True, help_text="Why, for an error, a move or a page gone.")
    final_url = models.URLField(max_length=500, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    passages = models.JSONField(default=dict, blank=True, help_text="{citation id: present, moved or missing}.")

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.article}: {self.get_status_display()} ({self.checked_at:%Y-%m-%d})"

    @property
    def troubled(self):
        return self.status != self.Status.LIVE
