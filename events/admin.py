from django.contrib import admin
from django.db.models import Count

from core.admin import AliasInline, LeadImageAdmin, count_column, folded, top_related_filter
from core.admin.forms import ContentForm, PartialDateField

from .models import Event, EventAlias


class EventForm(ContentForm):
    start_date = PartialDateField(precision_field="start_precision", label="Start")
    end_date = PartialDateField(
        precision_field="end_precision",
        label="End",
        help_text="Only for events lasting more than one day: a day (14 May 2025), a month or a year.",
    )


class EventAliasInline(AliasInline):
    model = EventAlias


@admin.register(Event)
class EventAdmin(LeadImageAdmin):
    # Narrow enough for 1280 px with both sidebars open; the image, place and number are on the
    # change form, and the rarely used filters start folded.
    list_display = ("title", "kind", "dates", "status", "fact_count", "modified")
    list_filter = (
        "status",
        "kind",
        ("start_precision", folded(admin.ChoicesFieldListFilter)),
        folded(top_related_filter("host_country", "host country")),
        folded(top_related_filter("participants", "participant")),
        ("topics", folded(admin.RelatedFieldListFilter)),
    )
    search_fields = ("title", "slug", "aliases__name", "city", "chair", "description", "outcomes")
    autocomplete_fields = ("host_country", "participants", "topics")
    date_hierarchy = "start_date"
    ordering = (*Event._meta.ordering, "pk")  # the counted rows drop the model's own
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("image_renditions",)
    form = EventForm
    inlines = (EventAliasInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "kind", "number")}),
        ("When and where", {"fields": ("start_date", "end_date", "city", "host_country", "chair")}),
        ("Who and what", {"fields": ("participants", "topics", "description", "outcomes")}),
        ("Lead image", {"fields": ("image", "image_alt", "image_credit", "image_rights", "image_renditions")}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(fact_count=Count("facts", distinct=True))

    @admin.display(description="dates", ordering="start_date")
    def dates(self, event):
        return event.dates_display

    fact_count = count_column("fact_count", "facts")
