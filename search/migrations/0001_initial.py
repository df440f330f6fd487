import django.contrib.postgres.search
from django.db import migrations, models


# SQLite: an FTS5 index over the entry table's title and body ("external content",
# so the text is stored once), kept in step with that table by triggers. Columns are
# ranked by BM25 with a title match worth ten body matches. A later migration that
# rebuilds search_searchentry on SQLite drops these triggers and must recreate them.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, body,
        content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rank) VALUES('rank', 'bm25(10.0, 1.0)')",
    """CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE OF title, body ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]

# PostgreSQL: the tsvector column is filled by search.index (refresh); a GIN index makes
# matching an index lookup instead of a scan.
POSTGRESQL_FORWARD = "CREATE INDEX search_searchentry_vector_gin ON search_searchentry USING GIN (vector)"
POSTGRESQL_BACKWARD = "DROP INDEX IF EXISTS search_searchentry_vector_gin"


def on(vendor, statements):
    """Run the statements on one database vendor only: the full-text structures differ."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("article", "article"), ("country", "country"), ("event", "event"), ("fact", "fact")],
                        max_length=10,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.TextField()),
                ("body", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="searchentry_one_per_object")
                ],
            },
        ),
        migrations.RunPython(on("sqlite", SQLITE_FORWARD), on("sqlite", SQLITE_BACKWARD)),
        migrations.RunPython(on("postgresql", [POSTGRESQL_FORWARD]), on("postgresql", [POSTGRESQL_BACKWARD])),
    ]
