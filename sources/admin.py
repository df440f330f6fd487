"""The sources' admin: the intake page ("Add source from address or file", the captures' add
page), the archived captures, and the link checks with the queue of sources to look at."""

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from core.admin.queues import Queue, QueueFilter

from .forms import ConfirmSourceForm, ReadSourceForm
from .intake import load_pending, metadata_provenance, pending_record, prefill, save_source
from .models import Capture, LinkCheck

PENDING = "sources-pending"


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    queues = (Queue("look-at", "Sources to look at", lambda: LinkCheck.objects.exclude(status=LinkCheck.Status.LIVE)),)
    list_display = ("article_link", "status", "checked_at", "reason", "missing_passages")
    show_full_result_count = False
    list_filter = ("status", QueueFilter)
    list_select_related = ("article",)
    search_fields = ("article__title", "article__url", "reason")
    readonly_fields = ("article", "checked_at", "status", "reason", "final_url", "http_status", "passages")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    has_delete_permission = has_change_permission

    @admin.display(description="source", ordering="article__title")
    def article_link(self, check):
        url = reverse("admin:articles_article_change", args=[check.article_id])
        return format_html('<a href="{}">{}</a>', url, check.article)

    @admin.display(description="passages missing")
    def missing_passages(self, check):
        return sum(state == LinkCheck.Passage.MISSING for state in check.passages.values())


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    list_display = ("article", "final_url", "accessed_at", "content_type", "size", "archive_link")
    show_full_result_count = False
    list_select_related = ("article",)
    search_fields = ("article__title", "final_url", "sha256")
    readonly_fields = (
        "article", "url", "final_url", "http_status", "content_type", "sha256", "size", "accessed_at", "archive_link",
    )  # fmt: skip
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    has_delete_permission = has_change_permission

    def has_add_permission(self, request):
        return request.user.has_perm("sources.add_capture") and request.user.has_perm("articles.add_article")

    @admin.display(description="archived copy")
    def archive_link(self, capture):
        return format_html('<a href="{}">WARC record</a>', capture.archive.url) if capture.archive else "—"

    def add_view(self, request, form_url="", extra_context=None):
        """Read an address or a file, then confirm the values read from it and save the draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request)
        posted = request.method == "POST"
        form = ReadSourceForm(request.POST if posted else None, request.FILES if posted else None)
        if posted and form.is_valid():
            name = default_storage.save(f"{PENDING}/source.json", ContentFile(pending_record(form.source)))
            e = form.source.extracted
            confirm = ConfirmSourceForm(
                instance=Article(**prefill(form.source)),
                initial={"token": signing.dumps(name, salt=PENDING), "outlet_name": e.outlet},
                found=e.found,
            )
            return self._render(request, confirm, form.source)
        return self._render(request, form)

    def _confirm(self, request):
        try:
            name = signing.loads(request.POST["token"], salt=PENDING, max_age=24 * 3600)
            source = load_pending(name)
        except (signing.BadSignature, OSError, ValueError):
            messages.error(request, "The page read has expired or cannot be found: read it again.")
            return redirect("admin:sources_capture_add")
        form = ConfirmSourceForm(
            request.POST, instance=Article(url=source.fetched.final_url), found=source.extracted.found
        )
        if not form.is_valid():
            return self._render(request, form, source)
        values = {name: getattr(form.instance, name) for name in (*form.Meta.fields, "published_precision")}
        values["outlet"] = form.cleaned_data["outlet_name"]
        kept = {
            field: entry for field, entry in metadata_provenance(source).items()
            if _same(values.get(field), getattr(source.extracted, field))
        }  # fmt: skip
        try:
            article, _ = save_source(source, values, provenance=kept, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(request, form, source)
        default_storage.delete(name)
        self.log_addition(request, article, "Added from its address or file, as a draft.")
        self.message_user(request, f"Saved “{article}” as a draft, with its archived copy.", messages.SUCCESS)
        return redirect("admin:articles_article_cite", article.pk)

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


def _same(value, extracted):
    return str(value) == str(extracted) if not hasattr(value, "name") else value.name == extracted
