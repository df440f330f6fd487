from django.contrib import admin

from core.admin import AliasInline, ContentAdmin, count_column, related_count

from .models import Person, PersonAlias


class PersonAliasInline(AliasInline):
    model = PersonAlias


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ("name", "slug", "citation_count")
    search_fields = ("name", "slug", "aliases__name")
    inlines = (PersonAliasInline,)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
        ("Internal note", {"fields": ("note",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=related_count(Person, "citations"))

    citation_count = count_column("citation_count", "citations")
