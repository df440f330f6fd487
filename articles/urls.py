from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticlesListView.as_view(), name="list"),
    path("<slug:slug>/", views.ArticlesDetailView.as_view(), name="detail"),
]
