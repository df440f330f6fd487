from django.contrib import admin
from django.utils.html import format_html

from core.admin.queues import Queue, QueueFilter

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Readers' reports: editors read them, follow the link to the record, and set the status.
    Not content: saving one announces no change and keeps no revision."""

    queues = (
        Queue("new", "New reports from readers", lambda: Report.objects.filter(status=Report.Status.NEW)),
        Queue(
            "accepted", "Reports accepted, to be fixed", lambda: Report.objects.filter(status=Report.Status.ACCEPTED)
        ),
    )
    queue_counts_follow_content = False  # a report changes no content version: counted on each view
    list_display = ("problem_excerpt", "record_link", "status", "created_at")
    list_filter = (QueueFilter, "status")
    list_select_related = ("fact", "article")
    search_fields = ("problem", "source_url", "fact__statement", "article__title")
    fields = ("record_link", "problem", "source_url", "email", "created_at", "status", "editors_note")
    readonly_fields = ("record_link", "problem", "source_url", "email", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description="what is wrong", ordering="problem")
    def problem_excerpt(self, report):
        return report.problem if len(report.problem) <= 90 else report.problem[:89] + "…"

    @admin.display(description="on")
    def record_link(self, report):
        record = report.record
        return format_html('<a href="{}">{}: {}</a>', report.get_admin_record_url(), record._meta.verbose_name, record)
