from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<str:kind>/<slug:slug>/", views.report, name="report"),
    path("<str:kind>/<slug:slug>/sent/", views.sent, name="sent"),
]
