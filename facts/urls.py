from django.urls import path

from . import views

app_name = "facts"

urlpatterns = [
    path("", views.FactListView.as_view(), name="list"),
    # The slug is the fact's permanent name (the fixtures' key, the same in every database);
    # the numeric id of the first links, different from one database to the next, redirects.
    path("<int:pk>/", views.fact_by_id, name="by-id"),
    path("passages/<int:pk>/", views.passage_preview, name="passage-preview"),
    path("<slug:slug>/", views.FactDetailView.as_view(), name="detail"),
    path("<slug:slug>/history/", views.FactHistoryView.as_view(), name="history"),
    path("<slug:slug>/cite.bib", views.FactCitationView.as_view(), {"extension": "bib"}, name="cite-bib"),
    path("<slug:slug>/cite.ris", views.FactCitationView.as_view(), {"extension": "ris"}, name="cite-ris"),
]
