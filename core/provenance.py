"""Where a value the editors supplied comes from: a value quoted from a source is a citation; any
other carries an entry in the row's ``provenance``, by field, ``{"basis": …, "reason": …}``, shown
to readers beside the value (``{% provenance obj "field" %}``)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models


class Basis(models.TextChoices):
    INFERRED = "inferred", "inferred by the editors"
    EDITORS = "editors", "editors' knowledge, no source on this site"
    METADATA = "metadata", "from the page's metadata"


@dataclass(frozen=True)
class Provenance:
    field: str
    basis: Basis
    reason: str = ""


def provenance_of(obj, field):
    entry = (getattr(obj, "provenance", None) or {}).get(field)
    if not entry:
        return None
    return Provenance(field=field, basis=Basis(entry["basis"]), reason=entry.get("reason", ""))


def provenance_entries(obj):
    fields = sorted(getattr(obj, "provenance", None) or {})
    return {field: entry for field in fields if (entry := provenance_of(obj, field)) is not None}


def provenance_errors(obj):
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
        elif isinstance(entry, dict) and entry.get("basis") == "stated":
            errors.append(
                f"{where}: a value quoted from a source is cited, not stated here: cite the passage for the "
                f"fact that states it, and keep provenance for inferred or editors' values."
            )
        elif not isinstance(entry, dict) or entry.get("basis") not in Basis.values:
            errors.append(f"{where}: needs a basis, one of {', '.join(Basis.values)}.")
        elif set(entry) - {"basis", "reason"}:
            errors.append(f"{where}: unknown keys {', '.join(sorted(set(entry) - {'basis', 'reason'}))}.")
        elif not str(entry.get("reason", "")).strip():
            errors.append(f"{where}: say why (a reason is required when the value is {entry['basis']}).")
    return errors


class Sourced(models.Model):
    PROVENANCE_FIELDS = ()

    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            'Where values come from, by field: {"start_date": {"basis": "inferred", "reason": "…"}}; '
            '"editors" marks editors\' knowledge with no source on the site. A value quoted from a '
            "source needs no entry: cite the passage for its fact. Readers see it."
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
        if errors := provenance_errors(self):
            raise ValidationError({"provenance": errors})
