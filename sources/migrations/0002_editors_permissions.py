"""The Editors' permissions on sources: take a source in (add a capture), read captures and link checks."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ("add_capture", "view_capture", "view_linkcheck")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("sources")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = models_module
    group = apps.get_model("auth", "Group").objects.using(using).filter(name="Editors").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="sources", codename__in=EDITOR_PERMISSIONS)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="sources", codename__in=EDITOR_PERMISSIONS)
    for group in apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial"), ("core", "0002_editors_group")]

    operations = [migrations.RunPython(grant, revoke)]
