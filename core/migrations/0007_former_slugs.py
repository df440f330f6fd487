"""Former slugs (``core.slugs``): their table, and the Editors' permission to read and delete them."""

import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Editors read the redirects and may delete one; renames in the admin make them.
EDITOR_PERMISSIONS = ("view_formerslug", "delete_formerslug")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("core")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = models_module
    group = apps.get_model("auth", "Group").objects.using(using).filter(name="Editors").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="core", codename__in=EDITOR_PERMISSIONS)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="core", codename__in=EDITOR_PERMISSIONS)
    for group in apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_row_times"),
    ]

    operations = [
        migrations.CreateModel(
            name="FormerSlug",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "modified_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
                ),
                (
                    "model",
                    models.CharField(
                        help_text="The kind of page, as app_label.model_name (facts.fact).", max_length=100
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        db_index=False,
                        help_text="The old slug, which readers may still have in links.",
                        max_length=120,
                    ),
                ),
                (
                    "target",
                    models.SlugField(
                        db_index=False, help_text="The current slug the old one leads to.", max_length=120
                    ),
                ),
            ],
            options={
                "ordering": ["model", "slug"],
                "indexes": [models.Index(fields=["model", "target"], name="formerslug_target")],
                "constraints": [models.UniqueConstraint(fields=("model", "slug"), name="formerslug_unique_slug")],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
