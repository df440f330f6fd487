from django.views.generic import DetailView, ListView

from .models import Country


class CountriesListView(ListView):
    model = Country


class CountriesDetailView(DetailView):
    model = Country
