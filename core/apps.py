from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from core import version  # noqa: F401 (connects the content version to core.changes.changed)
