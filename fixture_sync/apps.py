from django.apps import AppConfig


class FixtureSyncConfig(AppConfig):
    name = "fixture_sync"
    verbose_name = "fixture sync"

    def ready(self):
        from core.admin import register_reload_state

        from .export import changed_since_reload

        register_reload_state(changed_since_reload)
