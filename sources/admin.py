"""The sources' admin: the intake ("Add source from address or file", the captures' add page),
the archived captures, and the link checks with the queue of sources to look at."""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from core.admin.forms import PartialDateField, PartialDatesForm
from core.admin.history import locked
from core.admin.queues import Queue, QueueFilter

from .fetch import fetch
from .intake import FILE_TYPES, READ_ERRORS, held, hold, prefill, read, read_file, save_source
from .models import Capture, LinkCheck


class ReadSourceForm(forms.Form):
    address = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text="The page's address (http or https)."
    )
    file = forms.FileField(required=False, help_text="Or an HTML, PDF or plain-text file.")

    def clean(self):
        address, upload = self.cleaned_data.get("address"), self.cleaned_data.get("file")
        if bool(address) == bool(upload):
            raise ValidationError("Give an address or a file, one of the two.")
        if upload and not upload.name.lower().endswith(tuple(FILE_TYPES)):
            raise ValidationError("Upload an HTML, PDF or plain-text file.")
        try:
            self.source = read(fetch(address)) if address else read_file(upload.name, upload.read())
        except READ_ERRORS as error:
            raise ValidationError(str(error)) from error


class ConfirmSourceForm(PartialDatesForm):
    """The values read, for the editor to confirm or correct before the draft is saved."""

    token = forms.CharField(widget=forms.HiddenInput)
    outlet_name = forms.CharField(
        label="Outlet", required=False, max_length=200,
        help_text="An outlet of this name is used, or made; leave empty if the page does not say.",
    )  # fmt: skip
    published_on = PartialDateField(precision_field="published_precision", label="Published on")

    class Meta:
        model = Article
        fields = ("title", "slug", "byline", "published_on", "language", "body", "stripped")

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, instance=Article(**prefill(source)), **kwargs)
        for name, where in source.extracted.found.items():
            field = self.fields["outlet_name" if name == "outlet" else name]
            field.help_text = f"From the page's metadata: {where}. {field.help_text}".strip()


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default; read-only here
    queues = (Queue("look-at", "Sources to look at", lambda: LinkCheck.objects.exclude(status=LinkCheck.Status.LIVE)),)
    list_display = ("article_link", "status", "checked_at", "reason", "missing_passages")
    show_full_result_count = False
    list_filter = ("status", QueueFilter)
    list_select_related = ("article",)
    search_fields = ("article__title", "article__url", "reason")

    def has_change_permission(self, request, obj=None):
        return False

    has_add_permission = has_delete_permission = has_change_permission

    @admin.display(description="source", ordering="article__title")
    def article_link(self, check):
        url = reverse("admin:articles_article_change", args=[check.article_id])
        return format_html('<a href="{}">{}</a>', url, check.article)

    @admin.display(description="passages missing")
    def missing_passages(self, check):
        return sum(state == LinkCheck.Passage.MISSING for state in check.passages.values())


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    formfield_overrides = LinkCheckAdmin.formfield_overrides
    list_display = ("article", "final_url", "accessed_at", "content_type", "size", "archive")
    show_full_result_count = False
    list_select_related = ("article",)
    search_fields = ("article__title", "final_url", "sha256")

    def has_change_permission(self, request, obj=None):
        return False

    has_delete_permission = has_change_permission

    def has_add_permission(self, request):
        return request.user.has_perm("sources.add_capture") and request.user.has_perm("articles.add_article")

    def add_view(self, request, form_url="", extra_context=None):
        """Read an address or a file, then confirm the values read from it and save the draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if "token" in request.POST:
            return self._confirm(request)
        form = ReadSourceForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
        if not form.is_valid():
            return self._render(request, form)
        token, outlet = hold(form.source), form.source.extracted.outlet
        confirm = ConfirmSourceForm(source=form.source, initial={"token": token, "outlet_name": outlet})
        return self._render(request, confirm, form.source)

    @locked  # the save, not the reading: a fetch does not hold up a reload
    def _confirm(self, request):
        try:
            name, source = held(request.POST["token"])
        except (signing.BadSignature, OSError, ValueError):
            messages.error(request, "The page read has expired or cannot be found: read it again.")
            return redirect("admin:sources_capture_add")
        form = ConfirmSourceForm(request.POST, source=source)
        if form.is_valid():
            values = {field: getattr(form.instance, field) for field in (*form.Meta.fields, "published_precision")}
            try:
                article, _ = save_source(source, {**values, "outlet": form.cleaned_data["outlet_name"]}, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                default_storage.delete(name)
                self.log_addition(request, article, "Added from its address or file, as a draft.")
                self.message_user(request, f"Saved “{article}” as a draft, with its archived copy.", messages.SUCCESS)
                return redirect("admin:articles_article_cite", article.pk)
        return self._render(request, form, source)

    def _render(self, request, form, source=None):
        context = {
            **self.admin_site.each_context(request),
            "title": "Confirm the source" if source else "Add source from address or file",
            "opts": self.opts,
            "form": form,
            "source": source,
            "record": source.record() if source else None,
        }
        return TemplateResponse(request, "admin/sources/add_source.html", context)
