from .index import update_search_index


class SearchIndexAdminMixin:
    """Keeps the search index current for what an editor saves or deletes in the admin.

    Put it first in the bases of the ModelAdmin of Article, Country, Event and Fact.
    ``save_related`` runs after the inlines (citations, status rows) are saved, so the
    entry sees the object as published.
    """

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        update_search_index(type(form.instance), [form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        update_search_index(type(obj), [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        update_search_index(queryset.model, pks)
