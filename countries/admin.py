from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.utils.html import format_html

from core.admin import AliasInline, ContentAdmin, TableInline, count_column, top_related_filter
from core.admin.forms import ContentForm, LockedFormSet, PartialDateField, PartialDatesForm
from core.admin.queues import Queue, QueueFilter

from .models import ONE_CURRENT_STATUS, Country, CountryAlias, CountryStatus, SCOStatus, overlap_errors


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "current SCO status"
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return [*SCOStatus.choices, ("none", "none")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(current_status__isnull=True)
        return queryset.filter(current_status=self.value()) if self.value() in SCOStatus.values else queryset


class StatusDatesForm(PartialDatesForm):
    start_date = PartialDateField(precision_field="start_precision", label="Start")
    end_date = PartialDateField(precision_field="end_precision", label="End")


class CountryStatusForm(ContentForm, StatusDatesForm):
    pass


class StandaloneStatusForm(CountryStatusForm):  # in its own admin: checked against the country's other rows
    def _post_clean(self):
        super()._post_clean()
        status = self.instance
        if status.country_id and not self.errors:
            others = CountryStatus.objects.filter(country=status.country_id).exclude(pk=status.pk)
            for error in overlap_errors([status, *others]):
                self.add_error(None, error)


class StatusHistoryFormSet(LockedFormSet):
    def clean(self):  # the rows as they would be saved, not as stored
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        if sum(not form.cleaned_data.get("ended") for form in kept) > 1:
            raise ValidationError(ONE_CURRENT_STATUS)
        if errors := overlap_errors([form.instance for form in kept]):
            raise ValidationError(errors)


class CountryStatusInline(TableInline):
    model = CountryStatus
    formset = StatusHistoryFormSet
    form = CountryStatusForm
    fields = ("status", "start_date", "ended", "end_date", "decided_at", "fact")
    autocomplete_fields = ("decided_at", "fact")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_at", "fact")


class CountryAliasInline(AliasInline):
    model = CountryAlias


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    list_display = ("name", "flag", "iso_code", "region", "current_status", "since", "fact_count")
    list_filter = (CurrentStatusFilter, "region")
    search_fields = ("name", "slug", "aliases__name", "iso_code", "region")
    ordering = ("name",)  # also for the autocomplete, whose counted rows drop the model's ordering
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("current_status", "since", "flag")
    inlines = (CountryAliasInline, CountryStatusInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "iso_code", "flag", "region", "notes")}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
        ("SCO status (derived from the history below)", {"fields": ("current_status", "since")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_current_status()
            .annotate(fact_count=Count("facts", distinct=True))
            .prefetch_related("statuses")
        )

    @admin.display(description="flag")
    def flag(self, country):
        return format_html('<img src="{}" alt="" width="24">', country.flag_url) if country.iso_code else "—"

    @admin.display(description="current status", ordering="current_status")
    def current_status(self, country):
        row = country.current_status_row
        return row.get_status_display() if row else "—"

    @admin.display(description="since", ordering="current_since")
    def since(self, country):
        row = country.current_status_row
        return row.start_display if row else "—"

    fact_count = count_column("fact_count", "facts")


# A status row whose fact cites at least one passage.
cited = CountryStatus.objects.filter(pk=OuterRef("pk"), fact__citations__isnull=False)


@admin.register(CountryStatus)
class CountryStatusAdmin(ContentAdmin):
    queues = (
        Queue(
            "unsourced-status", "SCO statuses without citations", lambda: CountryStatus.objects.exclude(Exists(cited))
        ),
    )
    changes_announce = "country"  # a country's search entry states its current status
    list_display = ("country", "status", "start", "end", "decided_at", "fact", "sourced")
    list_select_related = ("country", "decided_at", "fact")
    list_filter = ("status", "ended", QueueFilter, "country", top_related_filter("decided_at", "decided at"))
    search_fields = ("country__name", "country__iso_code", "decided_at__title", "fact__statement")
    autocomplete_fields = ("country", "decided_at", "fact")
    date_hierarchy = "start_date"
    form = StandaloneStatusForm
    fields = ("country", *CountryStatusInline.fields, "provenance", "public_note")  # precisions set with dates

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(has_citation=Exists(cited))

    @admin.display(description="start", ordering="start_date")
    def start(self, row):
        return row.start_display

    @admin.display(description="end", ordering="end_date")
    def end(self, row):
        return row.end_display if row.ended else "—"

    @admin.display(description="cited", boolean=True, ordering="has_citation")
    def sourced(self, row):
        return row.has_citation
