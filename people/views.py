from django.views.generic import DetailView, ListView

from core.filtering import NearestPageMixin
from core.pagecache import CanonicalQueryMixin
from core.slugs import FormerSlugRedirectMixin

from .models import Attribution, Person, others_with_role, role_key


class PersonListView(NearestPageMixin, CanonicalQueryMixin, ListView):
    paginate_by = 50
    query_parameters = ("page",)
    queryset = Person.objects.quoted().order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = context["object_list"]
        citations = Person._meta.get_field("citations").related_model.objects  # facts sit above people
        given = citations.published().filter(speaker__in=people).exclude(speaker_role="").order_by("speaker_role")
        roles = {}
        for speaker, role in given.values_list("speaker", "speaker_role"):
            roles.setdefault(speaker, {}).setdefault(role_key(role), role)  # each role once, as first written
        context["rows"] = [(person, list(roles.get(person.pk, {}).values())) for person in people]
        return context


class PersonDetailView(CanonicalQueryMixin, FormerSlugRedirectMixin, DetailView):
    queryset = Person.objects.quoted()

    def get_context_data(self, **kwargs):
        person = self.object
        citations = list(person.citations.for_display().select_related("fact"))
        said = [citation for citation in citations if citation.attribution == Attribution.SAID]
        roles = {}  # role key -> {"role": as first given, "sources": [articles], "others": [(slug, name)]}
        for citation in (citation for citation in citations if citation.speaker_role):
            key, role = role_key(citation.speaker_role), citation.speaker_role
            if key not in roles:
                roles[key] = {"role": role, "sources": [], "others": others_with_role(self.request, role, person.slug)}
            if citation.article not in roles[key]["sources"]:
                roles[key]["sources"].append(citation.article)
        return super().get_context_data(
            citations=said,
            about=[citation for citation in citations if citation.attribution != Attribution.SAID],
            roles=list(roles.values()),
            unattributed_role=any(not citation.speaker_role for citation in said),
            **kwargs,
        )
