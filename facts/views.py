from django.views.generic import DetailView, ListView

from .models import Fact


class FactsListView(ListView):
    model = Fact


class FactsDetailView(DetailView):
    model = Fact
