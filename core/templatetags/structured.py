"""The page's head: JSON-LD, the canonical address, and blocks written again for OpenGraph tags."""

from html import unescape

from django import template
from django.core.exceptions import DisallowedHost
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags

from core.structured import ld_json_script

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, subject, **extra):
    """``subject.structured_data(absolute, **extra)``, or ``subject`` itself (a dict), as JSON-LD."""
    if subject is None or subject == "":
        return ""
    if hasattr(subject, "structured_data"):
        request = context.get("request")
        subject = subject.structured_data(request.build_absolute_uri if request else str, **extra)
    return ld_json_script(subject)


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    """Block ``name``'s text on one line, for an attribute value."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    if block is None:
        return ""
    with context.push(block=block):
        text = block.nodelist.render(context)
    return " ".join(unescape(strip_tags(text)).split())


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context.get("request")
    if request is None:  # error pages rendered without the request
        return ""
    query = context.get("canonical_query", "")
    try:
        return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
    except DisallowedHost:  # the 400 page for a request to a host this site is not
        return ""
