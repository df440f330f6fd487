from django.urls import path

from . import views
from .worldmap import MapView

app_name = "home"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("map/", MapView.as_view(), name="map"),
    path("membership-by-year.csv", views.membership_csv, name="membership-csv"),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon, name="favicon"),
]
