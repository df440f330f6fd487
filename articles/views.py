from django.db.models import Prefetch
from django.views.generic import DetailView

from core.filtering import FacetedFilterView
from core.pagecache import CanonicalQueryMixin
from core.preview import PreviewMixin
from core.slugs import FormerSlugRedirectMixin
from events.models import Event

from .filters import FACETS, ArticleFilter
from .models import Article


class ArticleListView(FacetedFilterView):
    filterset_class = ArticleFilter
    facets = FACETS
    queryset = Article.objects.published().latest_first().select_related("outlet").prefetch_related("topics")


class ArticleDetailView(CanonicalQueryMixin, FormerSlugRedirectMixin, PreviewMixin, DetailView):
    model = Article

    def get_queryset(self):
        return self.visible(
            Article.objects.select_related("outlet", "link_check").prefetch_related(
                "topics",
                "countries",
                "outlet__aliases",
                Prefetch("events", queryset=Event.objects.published().chronological()),
            )
        )
