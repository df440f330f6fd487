import importlib

from django.db import migrations, models

initial = importlib.import_module("search.migrations.0001_initial")

# SQLite: the FTS5 table gains the column, with the body's weight. Adding the field rebuilds search_searchentry,
# which drops the triggers: the FTS5 structures are dropped before it and made again after, filled from the entries.
REBUILD = "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES('rebuild')"
WITH_ABOUT = [
    statement.replace("title, body", "title, body, about")
    .replace("new.body", "new.body, new.about")
    .replace("old.body", "old.body, old.about")
    .replace("bm25(10.0, 1.0)", "bm25(10.0, 1.0, 1.0)")
    for statement in initial.SQLITE_FORWARD
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_people_and_vocabulary"),
    ]

    operations = [
        migrations.RunPython(
            initial.on("sqlite", initial.SQLITE_BACKWARD), initial.on("sqlite", [*initial.SQLITE_FORWARD, REBUILD])
        ),
        migrations.AddField(
            model_name="searchentry",
            name="about",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(
            initial.on("sqlite", [*WITH_ABOUT, REBUILD]), initial.on("sqlite", initial.SQLITE_BACKWARD)
        ),
    ]
