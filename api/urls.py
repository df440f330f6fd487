from .api import api

app_name = "api"

urlpatterns, _, _ = api.urls
