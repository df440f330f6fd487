from django import template

from core.admin.queues import visible_queues

register = template.Library()
register.simple_tag(visible_queues, name="curation_queues")
