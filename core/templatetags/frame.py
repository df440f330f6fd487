"""``{% frame_url "facts:list" %}``: the links of every page's header and footer.

The URLconf does not change while a process runs, so each is reversed once per name and
script prefix instead of on every request (eleven reversals were a tenth of a list page).
Works in error pages too, which are rendered without the request's context."""

from functools import cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@cache
def _reversed(name, script_prefix):
    return reverse(name)


@register.simple_tag
def frame_url(name):
    return _reversed(name, get_script_prefix())
