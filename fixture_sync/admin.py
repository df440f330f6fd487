from django.contrib import admin

from .models import FixtureRecord


@admin.register(FixtureRecord)
class FixtureRecordAdmin(admin.ModelAdmin):
    """What the last reload wrote; maintained by reload_fixtures, read-only here."""

    list_display = ("model", "key", "loaded_at")
    list_filter = ("model",)
    search_fields = ("key",)
    date_hierarchy = "loaded_at"

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission
