"""The citations' filters: the only list of the API without a page of its own.

Built like the pages' FilterSets, on the same base, choosing only among published rows,
so a draft fact or article filters nothing in and is not confirmed to exist.
"""

from django_filters import FilterSet

from articles.models import Article
from core.filtering import SlugChoiceFilter
from facts.models import Citation, Fact


class CitationFilter(FilterSet):
    fact = SlugChoiceFilter(label="Fact", queryset=Fact.objects.published())
    article = SlugChoiceFilter(label="Article", queryset=Article.objects.published())

    class Meta:
        model = Citation
        fields = []
