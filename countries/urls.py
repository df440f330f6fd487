from django.urls import path

from . import views

app_name = "countries"

urlpatterns = [
    path("", views.CountriesListView.as_view(), name="list"),
    path("<slug:slug>/", views.CountriesDetailView.as_view(), name="detail"),
]
