"""FixtureRecord moved to the fixture_sync app; its table stays, so only the state changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_editors_group"),
        ("fixture_sync", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FixtureRecord")],
            database_operations=[],
        ),
    ]
