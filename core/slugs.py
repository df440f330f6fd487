"""Stable addresses: a changed slug is kept as a :class:`~core.models.FormerSlug`, answered with a 301."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.text import slugify

from core.models import FormerSlug, revised


def unique_slug(model, text, *, length, default):
    """``text`` as a slug of at most ``length`` characters, free among ``model``'s: -2, -3… when taken."""
    base = slugify(text)[: length - 4].strip("-") or default
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 2))) if slug not in taken)


def record_slug_change(*, obj, old_slug):
    """Every former slug of the page then leads to the new one (A→B, B→C leaves A→C and B→C), and
    one that is the page's slug again is dropped."""
    new_slug = obj.slug
    if not old_slug or old_slug == new_slug:
        return
    label = obj._meta.label_lower
    former = FormerSlug.objects.filter(model=label)
    former.filter(slug=new_slug).delete()
    former.filter(target=old_slug).update(target=new_slug, **revised())
    FormerSlug.objects.update_or_create(model=label, slug=old_slug, defaults={"target": new_slug})


def former_slugs(label, slug):
    rows = FormerSlug.objects.filter(model=label, target=slug)
    return list(rows.order_by("created_at", "slug").values_list("slug", flat=True))


def permanent_redirect(request, url):
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class FormerSlugRedirectMixin:
    """A ``DetailView`` by slug answering a visible page's former slug with a 301 to it; looked for in
    ``get_queryset()``, so drafts stay 404 to readers and a staff preview follows it to the draft."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = self.moved_to()
            if moved is None:
                raise
            return permanent_redirect(request, moved.get_absolute_url())

    def moved_to(self):
        slug = self.kwargs.get(self.slug_url_kwarg)
        if slug is None:
            return None
        queryset = self.get_queryset()
        targets = FormerSlug.objects.filter(model=queryset.model._meta.label_lower, slug=slug).values("target")
        return queryset.filter(**{f"{self.get_slug_field()}__in": targets}).prefetch_related(None).first()
