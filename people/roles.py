"""Roles as the sources give them, compared across sources: two sources may give one role to
different people, and readers see both (worked out once per content version)."""

from collections import defaultdict

from core.caching import cached_for_version

from .models import Person, role_key


def role_holders():
    """``{role key: {person slug: person name}}`` over every published, attributed citation."""
    holders = defaultdict(dict)
    Citation = Person._meta.get_field("citations").related_model  # facts sit above people
    citations = Citation.objects.published().exclude(speaker=None).exclude(speaker_role="")
    for role, slug, name in citations.values_list("speaker_role", "speaker__slug", "speaker__name"):
        holders[role_key(role)][slug] = name
    return {key: dict(people) for key, people in holders.items()}


def others_with_role(request, role, person_slug):
    """The people other sources give ``role`` to, besides the person ``person_slug``: [(slug, name)]."""
    if not role:
        return []
    holders = cached_for_version(request, "people:role-holders", role_holders).get(role_key(role), {})
    return sorted(((slug, name) for slug, name in holders.items() if slug != person_slug), key=lambda p: p[1])
