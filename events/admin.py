from django.contrib import admin
from django.db.models import Count

from core.admin import LeadImageAdmin, top_related_filter, year_filter

from .models import Event


@admin.register(Event)
class EventAdmin(LeadImageAdmin):
    list_display = ("title", "thumbnail", "kind", "number", "dates", "city", "host_country", "status", "fact_count")
    list_select_related = ("host_country",)
    list_filter = (
        "status",
        "kind",
        year_filter("start_date"),
        "start_precision",
        top_related_filter("host_country", "host country"),
        top_related_filter("participants", "participant"),
        "topics",
    )
    search_fields = ("title", "slug", "city", "chair", "description", "outcomes")
    autocomplete_fields = ("host_country", "participants", "topics")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("reload_state", "image_renditions")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "kind", "number")}),
        (
            "When and where",
            {
                "fields": (
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "city",
                    "host_country",
                    "chair",
                )
            },
        ),
        ("Who and what", {"fields": ("participants", "topics", "description", "outcomes")}),
        ("Lead image", {"fields": ("image", "image_alt", "image_credit", "image_rights", "image_renditions")}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
        ("Fixtures", {"fields": ("reload_state",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(fact_count=Count("facts", distinct=True))

    @admin.display(description="dates", ordering="start_date")
    def dates(self, event):
        return event.dates_display

    @admin.display(description="facts", ordering="fact_count")
    def fact_count(self, event):
        return event.fact_count
