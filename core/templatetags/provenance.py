"""``{% provenance obj "field" %}``: the marker beside a value the editors supplied.

It opens to the basis and the reason (or the passage that states the value) as a popover:
a button and a ``popover`` element, so it works with no JavaScript, from the keyboard and by
touch; browsers without popovers show the reason inline. Every marker carries
``data-provenance="<model>:<pk>:<field>"`` so tests can find it.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from core.provenance import Basis, provenance_of

register = template.Library()

MARKS = {Basis.STATED: "source", Basis.INFERRED: "inferred", Basis.EDITORS: "editors"}


@register.inclusion_tag("includes/provenance.html", takes_context=True)
def provenance(context, obj, field):
    entry = provenance_of(obj, field) if obj is not None else None
    if entry is None:
        return {"entry": None}
    key = f"{obj._meta.label_lower}:{obj.pk}:{field}"
    # One id per marker on the page, even when a value is shown twice.
    counter = context.render_context.setdefault("provenance_markers", {})
    counter[key] = counter.get(key, 0) + 1
    passage = ""
    if entry.basis == Basis.STATED:
        try:
            passage = reverse("articles:detail", kwargs={"slug": entry.article})
        except NoReverseMatch:
            passage = ""
    return {
        "entry": entry,
        "key": key,
        "dom_id": f"prov-{obj._meta.model_name}-{obj.pk}-{field}-{counter[key]}".replace("_", "-"),
        "mark": MARKS[entry.basis],
        "field_label": obj._meta.get_field(field).verbose_name,
        "passage": passage,
    }
