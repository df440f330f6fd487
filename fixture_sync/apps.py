from django.apps import AppConfig


class FixtureSyncConfig(AppConfig):
    name = "fixture_sync"
    verbose_name = "Fixture sync"
