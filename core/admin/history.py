"""A row's history in the admin: its versions, a comparison of any two, reverts through the change form."""

from contextlib import nullcontext
from functools import wraps
from itertools import zip_longest

import reversion
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.utils import mute_signals

from core import revisions
from core.locks import content_transaction


def locked(view):
    """A POST answered holding the content lock (:mod:`core.locks`): a save during a reload waits for it."""

    @wraps(view)
    def answer(self, request, *args, **kwargs):
        if request.method != "POST":
            return view(self, request, *args, **kwargs)
        with content_transaction(using=router.db_for_write(self.model)):
            return view(self, request, *args, **kwargs)

    return answer


class HistoryAdmin(VersionAdmin):
    """``VersionAdmin`` with a comparison view, and reverts of one row that keep its bookkeeping."""

    object_history_template = "admin/revisions/object_history.html"
    change_list_template = None  # Django's, without the link to the recovery left out below

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.compare_view)
        compare = path("<path:object_id>/history/compare/", view, name="{}_{}_compare".format(*info))
        # Not reversion's recovery of deleted rows: it would revert the row's whole last revision
        # (a whole reload), unchecked by any form.
        recover = {"{}_{}_recoverlist".format(*info), "{}_{}_recover".format(*info)}
        return [compare, *(url for url in super().get_urls() if getattr(url, "name", None) not in recover)]

    add_view = locked(VersionAdmin.add_view)
    change_view = locked(VersionAdmin.change_view)
    delete_view = locked(VersionAdmin.delete_view)

    @locked
    def changelist_view(self, request, extra_context=None):
        # Not inside a revision (and its transaction) on every list: the bulk actions record their own.
        return super(VersionAdmin, self).changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        pairs = zip_longest(versions, versions[1:])
        context = {"history": [{"version": version, "previous": previous} for version, previous in pairs]}
        # Django's own history view (object, permissions, the admin log), not reversion's list again.
        return super(VersionAdmin, self).history_view(request, object_id, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id):
        """The fields that differ between versions ``?a=`` and ``?b=``."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        chosen = [request.GET.get(name) or "" for name in ("a", "b")]
        if not all(value.isdigit() for value in chosen):
            raise Http404("Choose two versions to compare.")
        old, new = sorted((get_object_or_404(versions, pk=int(value)) for value in chosen), key=lambda v: v.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions of “{obj}”",
            "opts": self.opts,
            "original": obj,
            "object_id": object_id,
            "old": old,
            "new": new,
            "changes": revisions.compare(self.model, old, new),
            "followed": revisions.compare_followed(old, new),
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    @locked
    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The change form filled with an old version of the row and the rows it follows (not the whole
        revision: a reload records thousands); saving it reverts, through the form's checks."""
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        version = get_object_or_404(versions.select_related("revision"), pk=version_id)
        context = {"title": f"Revert {version.object_repr}", "revert": True, **(extra_context or {})}
        muted = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        with transaction.atomic(using=version.db), muted if request.method == "GET" else nullcontext():
            if request.method == "POST":  # a stale save names what others saved, not the old version
                request.row_before_revert = self.model._default_manager.filter(pk=version.object_id).first()
            revisions.revert(version)
            with self.create_revision(request):
                response = self.changeform_view(request, quote(version.object_id), request.path, context)
                if saved := request.method == "POST" and response.status_code == 302:
                    when = localize(template_localtime(version.revision.date_created))
                    reversion.set_comment(f"Reverted to previous version, saved on {when}")
            if not saved:  # shown, or refused: the form over the old version, which is then undone
                response.template_name = self._reversion_get_template_list("revision_form.html")
                response.render()
                transaction.set_rollback(True, using=version.db)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.stored_row = getattr(request, "row_before_revert", None)
        return form

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        match = request.resolver_match
        if match is not None and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_revision":
            # The restored inline rows are saved though unchanged, so their derived values (a citation's
            # position) follow the current rows.
            for inline_form in formset.initial_forms:
                deleted = formset.can_delete and formset._should_delete_form(inline_form)
                if not inline_form.has_changed() and not deleted and inline_form.instance.pk:
                    inline_form.instance.save()
