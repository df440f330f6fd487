"""The admin of outlets and articles (registered, with the facts citing it and the cite page, by
``facts.article_admin``)."""

from django.contrib import admin
from django.utils.html import format_html
from django_countries.filters import CountryFilter

from core.admin import (
    AliasInline,
    ContentAdmin,
    LeadImageAdmin,
    count_column,
    folded,
    related_count,
    top_related_filter,
)
from core.admin.forms import ContentForm, PartialDateField
from core.admin.queues import Queue, QueueFilter

from .models import Article, Outlet, OutletAlias


class OutletAliasInline(AliasInline):
    model = OutletAlias


@admin.register(Outlet)
class OutletAdmin(ContentAdmin):
    list_display = ("name", "kind", "country", "website", "article_count")
    list_filter = ("kind", ("country", CountryFilter))  # the countries outlets have, not all 249
    search_fields = ("name", "slug", "website", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (OutletAliasInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=related_count(Outlet, "articles"))

    article_count = count_column("article_count", "articles")


class ArticleForm(ContentForm):
    published_on = PartialDateField(precision_field="published_precision", label="Published on")


class ArticleAdmin(LeadImageAdmin):
    queues = (Queue("no-facts", "Articles with no facts", lambda: Article.objects.filter(citations__isnull=True)),)
    # Narrow enough for 1280 px with both sidebars open; the rarely used filters start folded.
    list_display = ("title", "thumbnail", "source", "status", "citation_count", "modified")
    list_select_related = ("outlet",)
    list_filter = (
        "status",
        QueueFilter,
        top_related_filter("outlet", "outlet"),
        ("topics", folded(admin.RelatedFieldListFilter)),
        folded(top_related_filter("countries", "country")),
        folded(top_related_filter("events", "event")),
        ("published_precision", folded(admin.ChoicesFieldListFilter)),
    )
    search_fields = ("title", "slug", "byline", "body", "summary", "outlet__name")
    autocomplete_fields = ("outlet", "topics", "countries", "events")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("image_renditions",)
    form = ArticleForm
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "outlet", "byline", "published_on", "url", "language")}),
        ("Text", {"fields": ("body", "summary")}),
        ("Mentions", {"fields": ("topics", "countries", "events")}),
        ("Lead image", {"fields": ("image", "image_alt", "image_credit", "image_rights", "image_renditions")}),
        ("Rights and stripped chrome", {"fields": ("usage_rights", "stripped"), "classes": ("collapse",)}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
    )

    def get_queryset(self, request):
        citations, facts = related_count(Article, "citations"), related_count(Article, "citations", "fact")
        return super().get_queryset(request).annotate(citation_count=citations, fact_count=facts)

    @admin.display(description="outlet, published", ordering="published_on")
    def source(self, obj):
        return f"{obj.outlet}, {obj.published_display}" if obj.outlet_id else obj.published_display

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return format_html('<span title="of {} fact(s)">{}</span>', obj.fact_count, obj.citation_count)
