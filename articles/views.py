from django.views.generic import DetailView, ListView

from .models import Article


class ArticlesListView(ListView):
    model = Article


class ArticlesDetailView(DetailView):
    model = Article
