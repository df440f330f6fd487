"""Stable addresses: a page whose slug an editor changes keeps answering at its old address.

Changing a slug changes a public URL that readers, search engines and other sites may
hold. The admin records the old slug (:func:`record_slug_change`, called from
``core.admin.ContentAdmin.save_model``) as a :class:`~core.models.FormerSlug`, and the
detail views answer an unknown slug that is a former one with a 301 to the page's
current address (:class:`FormerSlugRedirectMixin`). Former slugs are fixtures like the
content, so every database that reloads them keeps the redirects.

The table is looked up only when a slug matches no visible page, so a page that exists
costs no query more; a former slug that became a live page's slug again is simply
shadowed by that page.
"""

from django.http import Http404, HttpResponsePermanentRedirect

from core.models import FormerSlug, revised


def record_slug_change(*, obj, old_slug):
    """Remember that ``obj`` was at ``old_slug`` and now is at ``obj.slug``.

    Every former slug of the page is pointed at the new one (A→B then B→C leaves A→C
    and B→C, one redirect each), and a former slug that is the page's slug again is
    dropped, so no redirect ever leads to itself.
    """
    new_slug = obj.slug
    if not old_slug or old_slug == new_slug:
        return
    label = obj._meta.label_lower
    former = FormerSlug.objects.filter(model=label)
    former.filter(slug=new_slug).delete()
    former.filter(target=old_slug).update(target=new_slug, **revised())
    FormerSlug.objects.update_or_create(model=label, slug=old_slug, defaults={"target": new_slug})


def former_slugs(label, slug):
    """The former slugs that lead to the page of model ``label`` at ``slug``, oldest first."""
    rows = FormerSlug.objects.filter(model=label, target=slug)
    return list(rows.order_by("created_at", "slug").values_list("slug", flat=True))


class FormerSlugRedirectMixin:
    """For a ``DetailView`` by slug: a slug that matches no page this reader may see, but
    that a visible page once had, answers 301 to that page (query string kept).

    The target is looked for in ``get_queryset()``, so drafts stay 404 to readers and
    a staff preview follows the redirect to the draft.
    """

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            moved = self.moved_to()
            if moved is None:
                raise
            url = moved.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def moved_to(self):
        """The visible object whose former slug was asked for, or None."""
        slug = self.kwargs.get(self.slug_url_kwarg)
        if slug is None:
            return None
        queryset = self.get_queryset()
        target = (
            FormerSlug.objects.filter(model=queryset.model._meta.label_lower, slug=slug)
            .values_list("target", flat=True)
            .first()
        )
        if target is None:
            return None
        return queryset.filter(**{self.get_slug_field(): target}).prefetch_related(None).first()
