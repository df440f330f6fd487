import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import FixtureStateMixin, LeadImageAdmin, year_filter
from core.admin_queues import Queue, QueueFilter, register_queues
from core.changes import content_changed
from facts.forms import PassageCitationForm, PassageRangeForm
from facts.models import Citation, Fact

from .models import Article, Outlet

PARAGRAPH = re.compile(r"[^\r\n]+")

register_queues(
    Queue("no-facts", "Articles with no facts", Article, lambda: Article.objects.filter(citations__isnull=True)),
)


@admin.register(Outlet)
class OutletAdmin(FixtureStateMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "country", "website", "article_count")
    list_filter = ("kind", "country")
    search_fields = ("name", "slug", "website")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("reload_state",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class CitingFactInline(admin.TabularInline):
    """The facts that cite this article, read-only: citations are edited on the fact."""

    model = Citation
    verbose_name = "fact citing this article"
    verbose_name_plural = "facts citing this article"
    fields = ("fact_link", "fact_status", "quote", "position")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("fact", "article")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="fact")
    def fact_link(self, citation):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:facts_fact_change", args=[citation.fact_id]), citation.fact
        )

    @admin.display(description="fact status")
    def fact_status(self, citation):
        return citation.fact.get_status_display()

    @admin.display(description="position in the body")
    def position(self, citation):
        return f"characters {citation.start}–{citation.end}"


@admin.register(Article)
class ArticleAdmin(LeadImageAdmin):
    list_display = (
        "title",
        "thumbnail",
        "outlet",
        "published",
        "status",
        "citation_count",
        "fact_count",
    )
    list_select_related = ("outlet",)
    list_filter = (
        "status",
        QueueFilter,
        "outlet",
        "topics",
        "countries",
        "events",
        year_filter("published_on"),
        "published_precision",
    )
    search_fields = ("title", "slug", "byline", "body", "summary", "outlet__name")
    autocomplete_fields = ("outlet", "topics", "countries", "events")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("reload_state", "image_renditions", "cite_link")
    inlines = (CitingFactInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "status",
                    "outlet",
                    "byline",
                    ("published_on", "published_precision"),
                    "url",
                    "language",
                )
            },
        ),
        ("Text", {"fields": ("body", "summary", "cite_link")}),
        ("Mentions", {"fields": ("topics", "countries", "events")}),
        ("Lead image", {"fields": ("image", "image_alt", "image_credit", "image_rights", "image_renditions")}),
        ("Rights and stripped chrome", {"fields": ("usage_rights", "stripped"), "classes": ("collapse",)}),
        ("Fixtures", {"fields": ("reload_state",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=Count("citations", distinct=True),
                fact_count=Count("citations__fact", distinct=True),
            )
        )

    def get_urls(self):
        cite = path(
            "<path:object_id>/cite/",
            self.admin_site.admin_view(self.cite_passage_view),
            name="articles_article_cite",
        )
        return [cite, *super().get_urls()]

    @admin.display(description="published", ordering="published_on")
    def published(self, obj):
        return obj.published_display

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    @admin.display(description="facts", ordering="fact_count")
    def fact_count(self, obj):
        return obj.fact_count

    @admin.display(description="cite")
    def cite_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article first; then cite its passages."
        return format_html(
            '<a class="button" href="{}">Create a fact from a passage</a>',
            reverse("admin:articles_article_cite", args=[obj.pk]),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm("facts.add_citation"):
            context["cite_url"] = reverse("admin:articles_article_cite", args=[obj.pk])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def cite_passage_view(self, request, object_id):
        """Take a passage of the body and cite it for a new or an existing fact."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, article) and request.user.has_perm("facts.add_citation")):
            raise PermissionDenied
        form = PassageCitationForm(
            request.POST if request.method == "POST" else None,
            article=article,
            initial=self._passage_initial(request, article),
        )
        if form.is_valid():
            if form.cleaned_data["fact"] is None and not request.user.has_perm("facts.add_fact"):
                raise PermissionDenied
            citation, created = form.save()
            content_changed(Fact, [citation.fact_id])
            fact_admin = self.admin_site._registry[type(citation.fact)]
            if created:
                fact_admin.log_addition(request, citation.fact, f"Created from a passage of “{article}”.")
            else:
                fact_admin.log_change(request, citation.fact, f"Cited “{article}”.")
            self.admin_site._registry[Citation].log_addition(request, citation, "Added from the article's page.")
            self.message_user(request, f"“{citation.fact}” now cites this passage of “{article}”.", messages.SUCCESS)
            return redirect("admin:facts_fact_change", citation.fact_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Cite a passage of “{article}”",
            "opts": self.opts,
            "original": article,
            "form": form,
            "adminform": helpers.AdminForm(form, PassageCitationForm.fieldsets, {}),
            "media": self.media + form.media,
            "paragraphs": [(match.start(), match.end(), match.group()) for match in PARAGRAPH.finditer(article.body)],
            "citations": article.citations.select_related("fact"),
        }
        return TemplateResponse(request, "admin/articles/article/cite_passage.html", context)

    def _passage_initial(self, request, article):
        """Prefill the quote from ``?start=&end=`` offsets (the paragraphs' “cite” links)."""
        passage = PassageRangeForm(request.GET, body=article.body)
        if not passage.is_valid():
            return {}
        start, end = passage.cleaned_data["start"], passage.cleaned_data["end"]
        return {"quote": article.body[start:end], "start": start}
