"""Admin pieces shared by the content apps, and the admin of topics."""

import copy

import reversion
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path, model_ngettext
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timezone import localtime

from core import revisions
from core.admin.forms import (
    LOCK_FIELD,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ContentForm,
    EditorJSONField,
    LockedFormSet,
    RowKeysField,
    TextField,
    is_row_key,
)
from core.admin.history import HistoryAdmin
from core.caching import cached_for_version
from core.changes import content_changed
from core.media import images
from core.models import FormerSlug, PublicationStatus, PublicSummary, Topic, published_now, revised
from core.slugs import former_slugs, record_slug_change

admin.site.site_header = "SCO Reference: editors' workplace"
admin.site.site_title = "SCO Reference admin"
admin.site.index_title = "Curation"


SIDEBAR_OPTIONS = 30


def top_related_filter(path, title):
    """A sidebar filter offering the ``SIDEBAR_OPTIONS`` related rows most linked to, plus the one chosen:
    Django's own lists every row, which grows with the content. Any row works in the URL."""

    class TopRelatedFilter(admin.SimpleListFilter):
        parameter_name = f"{path}__id__exact"

        def lookups(self, request, model_admin):
            related = get_fields_from_path(model_admin.model, path)[-1].related_model
            top = cached_for_version(
                request,
                f"admin-top:{model_admin.model._meta.label}:{path}",
                lambda: list(
                    model_admin.model._default_manager.exclude(**{f"{path}__isnull": True})
                    .order_by()
                    .values_list(path, flat=True)
                    .annotate(n=Count("pk"))
                    .order_by("-n", path)[:SIDEBAR_OPTIONS]
                ),
            )
            chosen = [] if self.chosen() is None else [self.chosen()]
            return [(str(row.pk), str(row)) for row in related._default_manager.filter(pk__in=[*top, *chosen])]

        def queryset(self, request, queryset):
            return queryset if self.chosen() is None else queryset.filter(**{path: self.chosen()})

        def chosen(self):  # the row's key, or None for a value that cannot be one
            return int(self.value()) if is_row_key(self.value()) else None

    TopRelatedFilter.title = title
    return TopRelatedFilter


def related_count(model, relation, field="pk"):
    """Distinct ``field`` of the reverse ``relation``, as a subquery: computed for the page's rows only."""
    remote = model._meta.get_field(relation)
    rows = remote.related_model._default_manager.filter(**{remote.field.name: OuterRef("pk")})
    counted = rows.order_by().values(remote.field.name).annotate(n=Count(field, distinct=True)).values("n")
    return Coalesce(Subquery(counted), 0)


def count_column(name, description):
    return admin.display(description=description, ordering=name)(lambda model_admin, obj: getattr(obj, name))


def folded(filter_class):
    """``filter_class`` folded in the sidebar until a choice is taken: for the rarely used ones."""
    return type(filter_class.__name__, (filter_class,), {"template": "admin/filter_folded.html"})


class CheckedChangeList(ChangeList):
    def get_filters(self, request):  # a date drill-down's year too large for a date: refused as other bad values
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class CheckedInputAdmin:
    """Hand-made values refused in words: autocomplete widgets that show back only what can be a row
    (:class:`core.admin.forms.RowKeysShown`), keys checked before the query, a date drill-down's year too large."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowKeysField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ContentAdmin(CheckedInputAdmin, HistoryAdmin):
    """Announces what an editor saved or deleted (:mod:`core.changes`) and keeps a renamed row's old slug
    leading to it. A row shown within its parent (a citation in its fact) names the parent's foreign key
    in ``changes_announce``: the parent is announced, before and after a move."""

    changes_announce = None
    show_full_result_count = False  # else a second COUNT(*) over the whole table on every page
    form = ContentForm  # refuses a save over a newer revision (optimistic locking); partial dates
    # The provenance: bounded in size and depth, refused with a message.
    formfield_overrides = {
        models.JSONField: {"form_class": EditorJSONField},
        models.TextField: {"form_class": TextField},
        models.URLField: {"assume_scheme": "https"},  # an address typed without its scheme (Django 6's default)
    }

    def get_fields(self, request, obj=None):  # the lock is rendered on its own, out of the fieldsets
        return [name for name in super().get_fields(request, obj) if name != LOCK_FIELD]

    def lookup_allowed(self, lookup, value, request=None):
        # A sidebar filter's own parameter, which it reads itself: Django's check allows a lookup across two
        # relations (a citation's article's outlet) only when a filter names it as a bare relation path.
        filters = self.get_list_filter(request) if request is not None else self.list_filter
        names = {item.parameter_name for item in filters if isinstance(item, type) and hasattr(item, "parameter_name")}
        return lookup in names or super().lookup_allowed(lookup, value, request)

    def _announce(self, objects, *, previous=()):
        if self.changes_announce is None:
            content_changed(self.model, {obj.pk for obj in objects})
            return
        field = self.model._meta.get_field(self.changes_announce)
        pks = {getattr(obj, field.attname) for obj in objects} | set(previous)
        content_changed(field.related_model, pks - {None})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the inlines: announce the row as left
        previous = [form.initial.get(self.changes_announce)] if self.changes_announce else []
        self._announce([form.instance], previous=previous)

    def delete_model(self, request, obj):
        gone = copy.copy(obj)  # deleting clears obj.pk
        super().delete_model(request, obj)
        self._announce([gone])

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        super().delete_queryset(request, queryset)
        self._announce(objects)

    @admin.display(description="modified", ordering="modified_at")
    def modified(self, obj):
        when = localtime(obj.modified_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            when.isoformat(timespec="seconds"),
            f"{when:%Y-%m-%d %H:%M}",
            f"{when:%Y-%m-%d}",
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if summary := form.cleaned_data.get("public_summary"):  # a form that offers one (the fact's)
            reversion.add_meta(PublicSummary, text=summary)
        if change and "slug" in form.changed_data:
            record_slug_change(obj=obj, old_slug=form.initial.get("slug"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The saved slug (the form's initial value), not one a refused save submitted.
        slug = context["adminform"].form.initial.get("slug") if obj is not None and obj.pk else None
        if slug:
            label = self.model._meta.label_lower
            context["former_slugs"] = former_slugs(label, slug)
            query = urlencode({"model": label, "target": slug})
            context["former_slugs_url"] = f"{reverse('admin:core_formerslug_changelist')}?{query}"
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class TableInline(CheckedInputAdmin, admin.TabularInline):
    """A tabular inline whose inputs are named for screen readers: its rows have only column heads.
    Its text areas keep line breaks as stored, whatever widget a subclass's ``formfield_overrides`` gives.
    Each row refuses a save over a newer revision of it, as the change form does (``ContentForm``)."""

    form = ContentForm
    formset = LockedFormSet

    def get_fields(self, request, obj=None):  # a row that cannot be saved needs no lock
        fields = super().get_fields(request, obj)
        return [*fields, LOCK_FIELD] if self.has_change_permission(request, obj) else fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("form_class", TextField)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.verbose_name:
            field.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return field


class AliasFormSet(LockedFormSet):
    def clean(self):  # the aliases as they would be saved: the database tells "Burma" from "burma", readers do not
        super().clean()
        names = [" ".join(form.cleaned_data["name"].split()).casefold() for form in self.forms if self._kept(form)]
        if twice := sorted({name for name in names if names.count(name) > 1}):
            raise ValidationError(f"The same alias twice, in any case: {', '.join(twice)}.", code="duplicate")

    def _kept(self, form):
        return form.cleaned_data.get("name") and not self._should_delete_form(form)


class AliasInline(TableInline):
    formset = AliasFormSet
    fields = ("name",)
    extra = 1
    verbose_name = "other name (alias)"
    verbose_name_plural = "other names (aliases): spellings, former or official names, abbreviations"


class PublishableAdmin(ContentAdmin):
    """Draft/published: bulk actions, a staff preview of drafts, and "view on site" once public."""

    actions = ("publish", "unpublish")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.status == PublicationStatus.PUBLISHED else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # After a refused save ``obj`` holds the submitted values: links follow the saved row.
        saved = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None and obj.pk else None
        if saved is not None and saved.status == PublicationStatus.DRAFT:
            # The public detail views render a draft for staff when asked with ?preview=1.
            context["preview_url"] = saved.get_absolute_url() + "?preview=1"
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=saved or obj
        )

    def _set_status(self, request, queryset, status, verb):
        changed = [obj for obj in queryset if obj.status != status]
        pks = [obj.pk for obj in changed]
        stamps = published_now() if status == PublicationStatus.PUBLISHED else {}
        self.model._default_manager.filter(pk__in=pks).update(status=status, **revised(), **stamps)
        content_changed(self.model, pks)
        for obj in changed:
            self.log_change(request, obj, verb)
        revisions.record_revision({self.model: pks}, comment=f"{verb.rstrip('.')} (bulk action)", user=request.user)
        return len(changed)

    @admin.action(description="Publish the selected %(verbose_name_plural)s", permissions=("change",))
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.PUBLISHED, "Published.")
        self.message_user(request, f"Published {count} {model_ngettext(self.opts, count)}.", messages.SUCCESS)
        self.after_publishing(request, list(queryset))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == PublicationStatus.PUBLISHED:
            self.after_publishing(request, [form.instance])
        elif form.initial.get("status") == PublicationStatus.PUBLISHED:
            self.after_unpublishing(request, [form.instance])

    def after_publishing(self, request, objects):
        """Overridden by facts.article_admin: it offers the facts citing a newly published article."""

    def after_unpublishing(self, request, objects):
        """Overridden by facts.article_admin: it warns of the published facts citing an article now a draft."""

    @admin.action(description="Return the selected %(verbose_name_plural)s to draft", permissions=("change",))
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, PublicationStatus.DRAFT, "Unpublished.")
        self.message_user(request, f"Returned {count} {model_ngettext(self.opts, count)} to draft.", messages.SUCCESS)
        self.after_unpublishing(request, list(queryset))


class LeadImageAdmin(PublishableAdmin):
    formfield_overrides = {
        **ContentAdmin.formfield_overrides,
        models.ImageField: {"form_class": images.SafeImageField},
    }
    actions = (*PublishableAdmin.actions, "make_renditions")

    @admin.display(description="image")
    def thumbnail(self, obj):
        url = images.thumbnail_url(obj.image)
        if not url:
            return "—"
        return format_html('<img src="{}" alt="{}" width="80" loading="lazy">', url, obj.image_alt)

    @admin.display(description="renditions")
    def image_renditions(self, obj):
        return ", ".join(f"{width} px" for width in images.renditions(obj.image)) or "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data and obj.image:
            images.make_renditions(obj.image)

    @admin.action(
        description="Make the image renditions of the selected %(verbose_name_plural)s", permissions=("change",)
    )
    def make_renditions(self, request, queryset):  # for images that arrived without the admin (fixtures)
        made = 0
        for obj in queryset.exclude(image=""):
            try:
                images.make_renditions(obj.image)
            except (images.ImageRefused, FileNotFoundError) as refusal:
                self.message_user(request, f"{obj}: {refusal}", messages.ERROR)
            else:
                made += 1
        self.message_user(request, f"Made the renditions of {made} image(s).", messages.SUCCESS)


# Users and groups pick permissions and groups by key: the same check of hand-made keys.
for model, model_admin in ((User, auth_admin.UserAdmin), (Group, auth_admin.GroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (CheckedInputAdmin, model_admin), {}))


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ("name", "slug", "fact_count", "article_count")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        counts = {"fact_count": related_count(Topic, "facts"), "article_count": related_count(Topic, "articles")}
        return super().get_queryset(request).annotate(**counts)

    fact_count = count_column("fact_count", "facts")
    article_count = count_column("article_count", "articles")


@admin.register(FormerSlug)
class FormerSlugAdmin(ContentAdmin):
    """The redirects left by renames: to read, or delete for a 404."""

    list_display = ("slug", "target", "model", "created_at")
    list_filter = ("model",)
    search_fields = ("slug", "target")
    fields = ("model", "slug", "target", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
