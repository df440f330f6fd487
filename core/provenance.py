"""Where a value the editors supplied comes from, shown wherever readers see the value.

Quoted material needs no marker: a fact's statement stands on its citations. Everything
else an editor typed (an event's date or host, an article's title or outlet, a country's
region, a fact's wording where it goes beyond its quotes) may carry an entry in the row's
``provenance``, keyed by field name:

- ``{"basis": "stated", "article": "<slug>", "quote": "<passage>"}``: the value is stated in
  that passage, which must occur verbatim in the article's body;
- ``{"basis": "inferred", "reason": "..."}``: the editors worked it out, and say how;
- ``{"basis": "editors", "reason": "..."}``: editors' knowledge with no source on the site.

Readers see a marker beside the value that opens to the basis and the reason
(``{% provenance obj "field" %}`` in :mod:`core.templatetags.provenance`). ``public_note`` is
the editors' note readers see; the models' own ``note`` fields stay internal.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models


class Basis(models.TextChoices):
    STATED = "stated", "stated in a source"
    INFERRED = "inferred", "inferred by the editors"
    EDITORS = "editors", "editors' knowledge, no source on this site"


@dataclass(frozen=True)
class Provenance:
    field: str
    basis: Basis
    reason: str = ""
    article: str = ""
    quote: str = ""

    @property
    def label(self):
        return self.basis.label


def provenance_of(obj, field):
    """The provenance entry of ``obj.<field>``, or None when the value needs no marker."""
    entry = (getattr(obj, "provenance", None) or {}).get(field)
    if not entry:
        return None
    return Provenance(
        field=field,
        basis=Basis(entry["basis"]),
        reason=entry.get("reason", ""),
        article=entry.get("article", ""),
        quote=entry.get("quote", ""),
    )


def provenance_entries(obj):
    """{field: Provenance} of every field of ``obj`` that carries a marker, by field name
    (what the downloads and the API publish beside the values)."""
    entries = {field: provenance_of(obj, field) for field in sorted(getattr(obj, "provenance", None) or {})}
    return {field: entry for field, entry in entries.items() if entry is not None}


def flagged_fields(obj):
    """The fields of ``obj`` whose value is inferred or editors' knowledge (readers must see a marker)."""
    return sorted(
        field
        for field, entry in (getattr(obj, "provenance", None) or {}).items()
        if entry.get("basis") in (Basis.INFERRED, Basis.EDITORS)
    )


def provenance_errors(obj):
    """What is wrong with ``obj.provenance``: a list of messages, empty when it is sound."""
    value = obj.provenance
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        return ["Provenance must be an object keyed by field name."]
    allowed = type(obj).PROVENANCE_FIELDS
    errors = []
    for field, entry in value.items():
        where = f"Provenance of “{field}”"
        if field not in allowed:
            errors.append(f"{where}: not a field that takes provenance here (choose from {', '.join(allowed)}).")
            continue
        if not isinstance(entry, dict) or entry.get("basis") not in Basis.values:
            errors.append(f"{where}: needs a basis, one of {', '.join(Basis.values)}.")
            continue
        extra = set(entry) - {"basis", "reason", "article", "quote"}
        if extra:
            errors.append(f"{where}: unknown keys {', '.join(sorted(extra))}.")
        if entry["basis"] == Basis.STATED:
            errors.extend(_stated_errors(obj, where, entry))
        elif not str(entry.get("reason", "")).strip():
            errors.append(f"{where}: say why (a reason is required when the value is {entry['basis']}).")
    return errors


# During a reload the rows that cite an article may be validated before the article is
# written (events and countries load before the articles that refer to them); their
# quotes are set aside here and checked once everything is written.
_deferred = contextvars.ContextVar("provenance_deferred_quotes", default=None)


@contextmanager
def deferring_missing_articles():
    """Within the block, a stated quote whose article is not in the database yet is not an
    error but set aside; :func:`deferred_quote_errors` checks what was set aside."""
    pending = []
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)


def _article_bodies(slugs, using=None):
    # The articles app sits above core; look the model up by name rather than import it.
    Article = apps.get_model("articles", "Article")
    manager = Article._default_manager.db_manager(using)
    return dict(manager.filter(slug__in=slugs).values_list("slug", "body"))


def _quote_error(where, slug, quote, body):
    if body is None:
        return f"{where}: no article with slug “{slug}”."
    if quote not in body:
        return f"{where}: the quote is not in the article “{slug}” word for word."
    return None


def _stated_errors(obj, where, entry):
    slug, quote = entry.get("article"), entry.get("quote")
    if not slug or not quote:
        return [f"{where}: a stated value names the article and quotes the passage that states it."]
    body = _article_bodies([slug]).get(slug)
    pending = _deferred.get()
    if body is None and pending is not None:
        pending.append((f"{obj._meta.label_lower} “{obj}”: {where}", slug, quote))
        return []
    error = _quote_error(where, slug, quote, body)
    return [error] if error else []


def deferred_quote_errors(pending, using=None):
    """The problems with the quotes set aside by :func:`deferring_missing_articles`, now that
    every article is written."""
    bodies = _article_bodies({slug for _, slug, _ in pending}, using=using)
    errors = (_quote_error(where, slug, quote, bodies.get(slug)) for where, slug, quote in pending)
    return [error for error in errors if error]


class Sourced(models.Model):
    """Provenance of the values editors supplied, and the editors' note readers see."""

    PROVENANCE_FIELDS = ()

    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            'Where values come from, by field: {"start_date": {"basis": "inferred", "reason": "…"}}; '
            'basis "stated" takes "article" (slug) and "quote" instead of a reason, '
            '"editors" marks editors\' knowledge with no source on the site. Readers see it.'
        ),
    )
    public_note = models.TextField(
        "editors' note", blank=True, help_text="Shown to readers as “Editors' note”. Internal notes stay separate."
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.provenance is None:  # an emptied form field: nothing to say
            self.provenance = {}
        errors = provenance_errors(self)
        if errors:
            raise ValidationError({"provenance": errors})
