class PreviewMixin:
    """With ``?preview=1`` a user who may view the model in the admin sees drafts too; views define
    ``get_queryset`` as ``self.visible(<queryset>)``."""

    def is_preview(self):
        opts = self.model._meta
        return "preview" in self.request.GET and self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def visible(self, queryset):
        return queryset if self.is_preview() else queryset.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=not self.object.is_published, **kwargs)
