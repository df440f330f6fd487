from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "search index"

    def ready(self):
        from search import index  # noqa: F401 (follows core.changes.changed)
