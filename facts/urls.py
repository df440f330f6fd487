from django.urls import path

from . import views

app_name = "facts"

urlpatterns = [
    path("", views.FactListView.as_view(), name="list"),
    path("<int:pk>/", views.FactDetailView.as_view(), name="detail"),
]
