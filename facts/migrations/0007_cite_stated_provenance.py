"""Provenance no longer takes "stated" entries: a value quoted from a source is a citation.

Each stated entry ({"basis": "stated", "article": slug, "quote": passage}) becomes:

- on a fact, or on an SCO status that points at a fact: a citation of that fact (added if the
  fact does not cite the passage already and the passage is verbatim in the article), and the
  entry goes;
- on an event that a fact about it already cites the passage for: the entry goes;
- anywhere else, or when the passage is not verbatim in its article: an "inferred" entry whose
  reason names the article and the passage, for the editors to cite properly.
"""

from django.db import migrations

SOURCED = [
    ("articles", "Article"),
    ("articles", "Outlet"),
    ("countries", "Country"),
    ("countries", "CountryStatus"),
    ("events", "Event"),
    ("facts", "Fact"),
    ("people", "Person"),
]


def cited(apps, row, entry):
    """Whether a citation now carries the passage of ``entry`` for ``row`` (adding it if it can)."""
    Article = apps.get_model("articles", "Article")
    Citation = apps.get_model("facts", "Citation")
    label = row._meta.label_lower
    passage = {"article__slug": entry.get("article"), "quote": entry.get("quote")}
    if label == "events.event":
        return Citation.objects.filter(fact__events=row, **passage).exists()
    fact_id = row.pk if label == "facts.fact" else getattr(row, "fact_id", None)
    if fact_id is None:
        return False
    if Citation.objects.filter(fact_id=fact_id, **passage).exists():
        return True
    article = Article.objects.filter(slug=entry.get("article")).first()
    start = article.body.find(entry["quote"]) if article and entry.get("quote") else -1
    if start < 0:
        return False
    Citation.objects.create(
        fact_id=fact_id, article=article, quote=entry["quote"], start=start, end=start + len(entry["quote"])
    )
    return True


def convert(apps, schema_editor):
    for app_label, model_name in SOURCED:
        for row in apps.get_model(app_label, model_name).objects.all():
            provenance = row.provenance if isinstance(row.provenance, dict) else {}
            stated = {f: e for f, e in provenance.items() if isinstance(e, dict) and e.get("basis") == "stated"}
            for field, entry in stated.items():
                if cited(apps, row, entry):
                    del provenance[field]
                else:
                    provenance[field] = {
                        "basis": "inferred",
                        "reason": f"Taken from the article “{entry.get('article')}”: “{entry.get('quote')}”",
                    }
            if stated:
                row.save(update_fields=["provenance"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_provenance_without_stated"),
        ("countries", "0006_provenance_without_stated"),
        ("events", "0006_provenance_without_stated"),
        ("facts", "0006_provenance_without_stated"),
        ("people", "0004_provenance_without_stated"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
