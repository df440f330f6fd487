from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "search index"

    def ready(self):
        from core import changes, textsearch

        from .index import matching_ids, on_content_changed

        changes.on_content_changed(on_content_changed)
        textsearch.register_matcher(matching_ids)
