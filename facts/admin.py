from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, F, Max, Min, OuterRef
from django.utils.html import format_html
from django.utils.text import Truncator

from core.admin import ContentAdmin, PublishableAdmin, TableInline, folded, related_count, top_related_filter
from core.admin.queues import Queue, QueueFilter
from core.models import PublicationStatus

from . import services
from .article_admin import citation_position  # registers the article admin too
from .forms import FactAdminForm, FactCitationFormSet
from .models import Citation, Fact, Standing


class StandingFilter(admin.SimpleListFilter):
    title = "standing"
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return Standing.choices

    def queryset(self, request, queryset):
        return queryset.filter(standing=self.value()) if self.value() in Standing.values else queryset


class CitationInline(TableInline):
    model = Citation
    formset = FactCitationFormSet
    fields = ("article", "quote", "supports", "speaker", "attribution", "speaker_role", "position")
    readonly_fields = ("position",)
    autocomplete_fields = ("article", "speaker")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}
    extra = 1

    position = citation_position

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "speaker")

    def view_on_site(self, citation):  # the passage on its article's page, once readers can see it
        return citation.get_absolute_url() if citation.article.status == PublicationStatus.PUBLISHED else None


# Each count reads every fact: a fact's sources are probed in the index its standing reads, and the
# disputed and citing-draft ones listed in one pass, not found by DISTINCT over every column.
stating = Citation.objects.stating().filter(fact=OuterRef("pk"))
one_article = (
    stating.order_by().values("fact").annotate(first=Min("article"), last=Max("article")).filter(first=F("last"))
)
disputed = Fact.disputed_by.through.objects.values("from_fact")
citing_drafts = Citation.objects.filter(article__status=PublicationStatus.DRAFT).values("fact")


@admin.register(Fact)
class FactAdmin(PublishableAdmin):
    queues = (
        Queue("unsourced", "Facts without sources", lambda: Fact.objects.exclude(Exists(stating))),
        Queue("single-source", "Facts with a single source", lambda: Fact.objects.filter(Exists(one_article))),
        Queue("disputed", "Disputed facts", lambda: Fact.objects.filter(pk__in=disputed)),
        Queue("superseded", "Superseded facts", lambda: Fact.objects.filter(superseded_by__isnull=False)),
        Queue(
            "cites-draft",
            "Published facts citing a draft article",
            lambda: Fact.objects.published().filter(pk__in=citing_drafts),
        ),
    )
    form = FactAdminForm
    # Narrow enough for 1280 px with both sidebars open: the statement is cut, the topic and
    # the number of sources are on the change form (and in the filters).
    list_display = ("claim", "standing_label", "citation_count", "status", "modified")
    list_filter = (
        "status",
        QueueFilter,
        StandingFilter,
        ("topic", folded(admin.RelatedFieldListFilter)),
        folded(top_related_filter("countries", "country")),
        folded(top_related_filter("events", "event")),
        ("unsourced_ok", folded(admin.BooleanFieldListFilter)),
    )
    ordering = ("-modified_at", "-pk")  # what an editor just changed comes first
    search_fields = ("statement", "slug", "scope", "note", "citations__quote")
    prepopulated_fields = {"slug": ("statement",)}
    autocomplete_fields = ("topic", "countries", "events", "superseded_by", "disputed_by", "other_scopes")
    readonly_fields = ("standing_label", "sources")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("statement", "slug", "status", "unsourced_ok", "topic", "countries", "events")}),
        (
            "Figure",
            {
                "fields": ("value_qualifier", "value", "unit", "period", "scope", "other_scopes"),
                "classes": ("collapse",),
            },
        ),
        ("Standing", {"fields": ("standing_label", "sources", "superseded_by", "disputed_by")}),
        ("Provenance readers see", {"fields": ("provenance", "public_note")}),
        ("Internal note", {"fields": ("note",)}),
        ("For readers", {"fields": ("public_summary",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_standing().annotate(citation_count=related_count(Fact, "citations"))

    @admin.display(description="fact", ordering="statement")
    def claim(self, fact):
        return format_html('<span title="{}">{}</span>', fact.statement, fact)  # the whole statement on hover

    @admin.display(description="standing", ordering="standing")
    def standing_label(self, fact):  # on the add form, the admin shows a dash for what it cannot work out
        if fact.current_standing == Standing.UNSOURCED and fact.unsourced_ok:
            return "unsourced (may be published so)"
        return fact.current_standing.label

    @admin.display(description="sources", ordering="source_count")
    def sources(self, fact):
        return fact.source_count

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, fact):
        return format_html('<span title="from {} source(s)">{}</span>', fact.source_count, fact.citation_count)

    @admin.action(description="Publish the selected facts", permissions=("change",))
    def publish(self, request, queryset):
        """Publish the drafts chosen that :func:`services.publication_error` lets be published; name the others."""
        drafts = Fact.objects.drafts().filter(pk__in=[fact.pk for fact in queryset]).order_by("slug")
        allowed = []
        for fact in drafts.prefetch_related(models.Prefetch("citations", Citation.objects.select_related("article"))):
            fact.status = PublicationStatus.PUBLISHED
            if error := services.publication_error(fact, citations=fact.citations.all()):
                self.message_user(request, error, messages.ERROR)
            else:
                allowed.append(fact.pk)
        if allowed:
            super().publish(request, Fact.objects.filter(pk__in=allowed))


@admin.register(Citation)
class CitationAdmin(ContentAdmin):
    changes_announce = "fact"  # a fact's search entry holds its quotes
    list_display = ("excerpt", "fact", "article", "position", "article_status")
    list_select_related = ("fact", "article")
    list_filter = (
        "article__status",
        "fact__status",
        "supports",
        "attribution",
        top_related_filter("article__outlet", "outlet"),
        "fact__topic",
    )
    search_fields = ("quote", "fact__statement", "article__title")
    autocomplete_fields = ("fact", "article")
    fields = ("fact", "article", "quote", "supports", "position")
    readonly_fields = ("position",)
    position = citation_position

    view_on_site = CitationInline.view_on_site

    @admin.display(description="quote", ordering="quote")
    def excerpt(self, citation):
        return format_html("“{}”", Truncator(citation.quote).chars(100))

    @admin.display(description="article status", ordering="article__status")
    def article_status(self, citation):
        return citation.article.get_status_display()
