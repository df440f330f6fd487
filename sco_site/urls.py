from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("articles/", include("articles.urls")),
    path("countries/", include("countries.urls")),
    path("events/", include("events.urls")),
    path("facts/", include("facts.urls")),
    path("people/", include("people.urls")),
    path("search/", include("search.urls")),
    path("report/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("", include("opendata.urls")),
    path("", include("home.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),  # uploads, in development only
]
