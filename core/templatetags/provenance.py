"""``{% provenance obj "field" %}``: a button and a ``popover``, so it works without JavaScript."""

from django import template

from core.provenance import provenance_of

register = template.Library()


@register.inclusion_tag("includes/provenance.html", takes_context=True)
def provenance(context, obj, field):
    entry = provenance_of(obj, field) if obj is not None else None
    if entry is None:
        return {"entry": None}
    key = f"{obj._meta.label_lower}:{obj.pk}:{field}"
    # One id per marker on the page, even when a value is shown twice. An included template
    # sees a render context of its own: the page's is the first, shared by every include.
    counter = context.render_context.dicts[0].setdefault("provenance_markers", {})
    counter[key] = counter.get(key, 0) + 1
    return {
        "entry": entry,
        "key": key,
        "dom_id": f"prov-{obj._meta.model_name}-{obj.pk}-{field}-{counter[key]}".replace("_", "-"),
        "field_label": obj._meta.get_field(field).verbose_name,
    }
