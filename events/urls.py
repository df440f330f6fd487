from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventsListView.as_view(), name="list"),
    path("<slug:slug>/", views.EventsDetailView.as_view(), name="detail"),
]
