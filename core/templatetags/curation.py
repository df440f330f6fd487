from django import template

from core.admin.queues import visible_queues

register = template.Library()


@register.simple_tag
def curation_queues(request):
    """The curation queues the user may view, each with its count and changelist link."""
    return visible_queues(request)
