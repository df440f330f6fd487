from django import template

from core.admin.queues import visible_queues

register = template.Library()


@register.simple_tag
def curation_queues(request):
    return visible_queues(request)
