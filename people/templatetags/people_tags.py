from django import template

from ..models import others_with_role

register = template.Library()


@register.simple_tag(takes_context=True)
def role_others(context, citation):
    """``{% role_others citation as others %}``: the people other sources give this citation's role to."""
    if not citation.speaker_id or not citation.speaker_role:
        return []
    return others_with_role(context["request"], citation.speaker_role, citation.speaker.slug)
