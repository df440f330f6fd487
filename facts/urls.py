from django.urls import path

from . import views

app_name = "facts"

urlpatterns = [
    path("", views.FactsListView.as_view(), name="list"),
    path("<int:pk>/", views.FactsDetailView.as_view(), name="detail"),
]
