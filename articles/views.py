from django.db.models import Prefetch
from django.views.generic import DetailView

from core.filtering import FacetedFilterView
from core.preview import PreviewMixin
from events.models import Event
from facts.models import Citation, Fact
from facts.passages import passages, render_body

from .filters import FACETS, ArticleFilter
from .models import Article


class ArticleListView(FacetedFilterView):
    filterset_class = ArticleFilter
    facets = FACETS

    def get_queryset(self):
        return Article.objects.published().latest_first().select_related("outlet").prefetch_related("topics")


class ArticleDetailView(PreviewMixin, DetailView):
    model = Article

    def get_queryset(self):
        return self.visible(
            Article.objects.select_related("outlet").prefetch_related(
                "topics", "countries", Prefetch("events", queryset=Event.objects.published().chronological())
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        # The article itself may be a draft shown in preview; its passages are those of published facts.
        citations = list(
            Citation.objects.filter(article=article, fact__in=Fact.objects.published()).order_by("start", "pk")
        )
        facts = Fact.objects.for_lists().in_bulk({citation.fact_id for citation in citations})
        for citation in citations:
            citation.fact = facts[citation.fact_id]
        placed, supported = passages(article, citations)
        return super().get_context_data(body_html=render_body(article.body, placed), supported=supported, **kwargs)
