"""The frame of every page: ``{% site_frame "header" %}`` (and "footer", "feeds"), and
``{% frame_url "facts:list" %}`` for the links in it.

The frame depends on nothing but the URLconf and the section of the site a page is in
(the header marks it with ``aria-current``), and neither changes while a process runs: so
each part is rendered once per section and script prefix, and each link reversed once,
instead of on every request (the frame's template work was a tenth of a list page).
Works in error pages too, which are rendered without the request's context."""

from functools import cache

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

register = template.Library()


@cache
def _reversed(name, script_prefix):
    return reverse(name)


@register.simple_tag
def frame_url(name):
    return _reversed(name, get_script_prefix())


FRAME_TEMPLATES = {
    "header": "includes/frame_header.html",
    "footer": "includes/frame_footer.html",
    "feeds": "opendata/feed_links.html",
}


@cache
def _frame(part, section, script_prefix):
    return mark_safe(get_template(FRAME_TEMPLATES[part]).render({"section": section}))


@register.simple_tag(takes_context=True)
def site_frame(context, part):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return _frame(part, (match.app_name if match else "") or "", get_script_prefix())
