"""``{% lead_image obj %}``: size and renditions read from the stored name, so no storage query per image."""

from django import template

from core.media import images

register = template.Library()

# The image is shown at its own width at most, within the content column (.wrap: 74rem less 2 × 1.25rem).
SIZES = "min(100vw - 2.5rem, 71.5rem, {width}px)"


@register.inclusion_tag("includes/lead_image.html")
def lead_image(obj):
    if not obj.image:
        return {}
    size = images.stored_size(obj.image.name)
    return {
        "obj": obj,
        "src": obj.image.url,
        "srcset": images.srcset(obj.image),
        "sizes": SIZES.format(width=size[0]) if size else "",
        "size": size,
    }
