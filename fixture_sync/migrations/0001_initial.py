"""FixtureRecord moved here from core: the model changes app, its table stays as it is."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="core", new="fixture_sync"):
    # Keeps the model's permissions (and any admin log entries) attached to it.
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=new, model="fixturerecord").exists():
        content_types.filter(app_label=old, model="fixturerecord").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="fixture_sync", new="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_editors_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FixtureRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("model", models.CharField(max_length=100)),
                        ("key", models.TextField(help_text="The row's natural key as JSON.")),
                        ("key_digest", models.CharField(max_length=64)),
                        ("source_digest", models.CharField(max_length=64)),
                        ("db_digest", models.CharField(max_length=64)),
                        ("loaded_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "core_fixturerecord",
                        "constraints": [
                            models.UniqueConstraint(fields=("model", "key_digest"), name="fixturerecord_unique_row")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
