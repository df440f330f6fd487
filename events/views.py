from django.views.generic import DetailView, ListView

from .models import Event


class EventsListView(ListView):
    model = Event


class EventsDetailView(DetailView):
    model = Event
