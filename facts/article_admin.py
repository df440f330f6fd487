"""The article admin with the facts citing it and the page that cites a passage: registered here, as facts
sit above articles."""

import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.admin import ArticleAdmin, ArticleForm
from articles.models import Article
from core.admin import TableInline
from core.admin.history import locked
from core.changes import content_changed
from core.models import PublicationStatus
from core.revisions import record_revision

from . import services
from .candidates import candidates
from .forms import PassageCitationForm, PassageRangeForm, PublishCitingFactsForm
from .models import Citation, Fact, locate_quote
from .passages import passages, render_body

PARAGRAPH = re.compile(r"[^\r\n]+")


def cited_paragraphs(article, citations):
    """``(start, end, html)`` of each paragraph (offsets in the body), cited passages linked to their facts' admin."""
    placed, _ = passages(article, citations, url=lambda fact: reverse("admin:facts_fact_change", args=[fact.pk]))
    for match in PARAGRAPH.finditer(article.body):
        start, end = match.span()
        inside = [
            passage._replace(
                # A passage over several paragraphs keeps its anchor in the first one only.
                anchor=passage.anchor if passage.start >= start else f"{passage.anchor}-{start}",
                start=max(passage.start, start) - start,
                end=min(passage.end, end) - start,
            )
            for passage in placed
            if passage.start < end and passage.end > start
        ]
        yield start, end, render_body(match.group(), inside)


@admin.display(description="position")
def citation_position(model_admin, citation):
    return f"characters {citation.start}–{citation.end}" if citation is not None and citation.pk else "—"


class CitingFactInline(TableInline):
    """The facts that cite this article, read-only: citations are edited on the fact."""

    model = Citation
    verbose_name = "fact citing this article"
    verbose_name_plural = "facts citing this article"
    fields = ("fact", "fact_status", "quote", "position")  # a read-only fact links to its page
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("fact", "article")

    position = citation_position

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission

    @admin.display(description="fact status")
    def fact_status(self, citation):
        return citation.fact.get_status_display()


class CitedArticleForm(ArticleForm):
    """The body may change except where a citation quotes it: a quote must stay verbatim."""

    def clean_body(self):
        body = self.cleaned_data["body"]
        citations = self.instance.citations.select_related("fact") if self.instance.pk else []
        if gone := [citation for citation in citations if locate_quote(body, citation.quote, citation.start) is None]:
            raise ValidationError(
                [
                    f"“{citation.fact}” cites “{citation.quote[:80]}{'…' if len(citation.quote) > 80 else ''}”, "
                    "which the text would no longer hold word for word: change or remove that citation on the "
                    "fact first, or keep the passage as it is."
                    for citation in gone
                ]
            )
        return body


@admin.register(Article)
class CitingArticleAdmin(ArticleAdmin):
    inlines = (CitingFactInline,)
    form = CitedArticleForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "body" in form.changed_data:  # the quotes are still there (the form checked): maybe moved
            services.recheck_citation_quotes(changed={"articles.article": [obj.pk]})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/cite/", view(self.cite_passage_view), name="articles_article_cite"),
            path(
                "<path:object_id>/publish-facts/", view(self.publish_facts_view), name="articles_article_publish_facts"
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template, article, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": article, **context}
        return TemplateResponse(request, template, context)

    def after_publishing(self, request, objects):  # offers to publish the draft facts citing them
        if not self.admin_site._registry[Fact].has_change_permission(request):
            return
        articles = {article.pk: article for article in objects}
        waiting = (
            Citation.objects.filter(article__in=articles, fact__status=PublicationStatus.DRAFT)
            .order_by()
            .values_list("article")
            .annotate(n=models.Count("fact", distinct=True))
        )
        for pk, count in waiting:
            url = reverse("admin:articles_article_publish_facts", args=[pk])
            facts = "draft fact cites" if count == 1 else "draft facts cite"
            message = format_html('{} {} “{}”. <a href="{}">Publish them too…</a>', count, facts, articles[pk], url)
            self.message_user(request, message, messages.INFO)

    def after_unpublishing(self, request, objects):  # readers no longer see those passages as sources
        citing = Fact.objects.published().filter(citations__article__in=objects).distinct().count()
        if citing:
            queue = reverse("admin:facts_fact_changelist") + "?queue=cites-draft"
            message = format_html(
                "{} published fact(s) cite what is now a draft: readers see them as unsourced unless another "
                'published source states them. <a href="{}">Published facts citing a draft article</a>',
                citing,
                queue,
            )
            self.message_user(request, message, messages.WARNING)

    @locked
    def publish_facts_view(self, request, object_id):
        """Publish the chosen draft facts citing the article (a draft article with them), under the facts' rule."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        fact_admin = self.admin_site._registry[Fact]
        together = article.status == PublicationStatus.DRAFT
        may_publish_article = not together or self.has_change_permission(request, article)
        if not (fact_admin.has_change_permission(request) and may_publish_article):
            raise PermissionDenied
        form = PublishCitingFactsForm(request.POST if request.method == "POST" else None, article=article)
        if form.is_valid():
            if together:
                self._set_status(request, [article], PublicationStatus.PUBLISHED, "Published.")
                self.message_user(request, f"Published “{article}”.", messages.SUCCESS)
            fact_admin.publish(request, form.cleaned_data["facts"])
            return redirect("admin:articles_article_change", article.pk)
        title = f"Publish the facts citing “{article}”"
        return self._page(
            request, "admin/facts/publish_citing_facts.html", article, title=title, form=form, together=together
        )

    @locked
    def cite_passage_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_permission(request, article) and request.user.has_perm("facts.add_citation")):
            raise PermissionDenied
        offsets = PassageRangeForm(request.GET)  # a "cite" link's passage, to begin with
        start, end = offsets.cleaned_data.values() if offsets.is_valid() else (0, 0)
        initial = {"quote": article.body[start:end], "start": start} if start < end <= len(article.body) else {}
        form = PassageCitationForm(request.POST or None, article=article, initial=initial)
        if form.is_valid():
            if form.cleaned_data["fact"] is None and not request.user.has_perm("facts.add_fact"):
                raise PermissionDenied
            citation, created = services.cite_passage(article=article, **form.cleaned_data)
            content_changed(Fact, [citation.fact_id])
            fact_admin = self.admin_site._registry[Fact]
            if created:
                fact_admin.log_addition(request, citation.fact, f"Created from a passage of “{article}”.")
            else:
                fact_admin.log_change(request, citation.fact, f"Cited “{article}”.")
            self.admin_site._registry[Citation].log_addition(request, citation, "Added from the article's page.")
            record_revision({Fact: [citation.fact_id]}, comment=f"Cited “{article}”", user=request.user)
            self.message_user(request, f"“{citation.fact}” now cites this passage of “{article}”.", messages.SUCCESS)
            if "_publish" in request.POST:
                fact_admin.publish(request, [citation.fact])
            citation.fact.refresh_from_db(fields=["status"])
            draft = citation.fact.status == PublicationStatus.DRAFT
            text, query = ("Preview the draft on the site", "?preview=1") if draft else ("View on site", "")
            link = format_html('<a href="{}{}">{}</a>', citation.fact.get_absolute_url(), query, text)
            self.message_user(request, link, messages.INFO)
            if "_addanother" in request.POST:
                return redirect("admin:articles_article_cite", article.pk)
            return redirect("admin:facts_fact_change", citation.fact_id)
        citations = list(article.citations.select_related("fact").order_by("start", "pk"))
        return self._page(
            request,
            "admin/articles/article/cite_passage.html",
            article,
            title=f"Cite a passage of “{article}”",
            form=form,
            adminform=helpers.AdminForm(form, form.fieldsets, {}),
            media=self.media + form.media,
            paragraphs=cited_paragraphs(article, citations),
            candidates=candidates(article.body),
            citations=citations,
            can_publish=self.admin_site._registry[Fact].has_change_permission(request),
        )
