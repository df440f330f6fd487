from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.admin import CheckedInputAdmin
from core.admin.forms import ContentForm
from core.admin.queues import Queue, QueueFilter

from .models import Report

Status = Report.Status


@admin.register(Report)
class ReportAdmin(CheckedInputAdmin, admin.ModelAdmin):
    """Readers' reports: editors read them, follow the link to the record, and set the status.
    Not content: saving one announces no change and keeps no revision."""

    queues = (
        Queue("new", "New reports from readers", lambda: Report.objects.filter(status=Status.NEW)),
        Queue("accepted", "Reports accepted, to be fixed", lambda: Report.objects.filter(status=Status.ACCEPTED)),
    )
    queue_counts_follow_content = False  # a report changes no content version: counted on each view
    list_display = ("problem_excerpt", "record_link", "status", "created_at")
    list_filter = (QueueFilter, "status")
    list_select_related = ("fact", "article")
    search_fields = ("problem", "source_url", "fact__statement", "article__title")
    fields = ("record_link", "problem", "source_url", "email", "created_at", "status", "editors_note")
    readonly_fields = ("record_link", "problem", "source_url", "email", "created_at")
    date_hierarchy = "created_at"
    form = ContentForm

    def has_add_permission(self, request):
        return False

    @admin.display(description="what is wrong", ordering="problem")
    def problem_excerpt(self, report):
        return Truncator(report.problem).chars(90)

    @admin.display(description="on")
    def record_link(self, report):
        record, meta = report.record, report.record._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}: {}</a>', url, meta.verbose_name, record)
