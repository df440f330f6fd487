"""The Editors read readers' reports, set their status and may delete them; readers add them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ("view_report", "change_report", "delete_report")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("reports")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = models_module
    group = apps.get_model("auth", "Group").objects.using(using).filter(name="Editors").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="reports", codename__in=EDITOR_PERMISSIONS)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reports", codename__in=EDITOR_PERMISSIONS)
    for group in apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_editors_group"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
