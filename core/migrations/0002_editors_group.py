"""The "Editors" group: every permission on the content models, none on users, groups or logs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CONTENT_MODELS = {
    "core": ("topic",),
    "articles": ("outlet", "article"),
    "countries": ("country", "countrystatus"),
    "events": ("event",),
    "facts": ("fact", "citation"),
}
ACTIONS = ("add", "change", "delete", "view")


def create_editors_group(apps, schema_editor):
    using = schema_editor.connection.alias if schema_editor else "default"
    # On a fresh database post_migrate has not run yet, so the permissions may not exist.
    for app_label in CONTENT_MODELS:
        app_config = apps.get_app_config(app_label)
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    wanted = [
        Permission.objects.using(using).get(
            content_type__app_label=app_label, content_type__model=model, codename=f"{action}_{model}"
        )
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ACTIONS
    ]
    group.permissions.set(wanted)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("articles", "0002_initial"),
        ("countries", "0002_initial"),
        ("events", "0001_initial"),
        ("facts", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
