"""Every change is a revision: who and when in the history, two versions compared field by
field, a revert through the change form (validated as a save), reloads and exports recorded."""

import pytest
from django.apps import apps
from django.db.models import Count
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from countries.models import Country
from facts.models import Citation, Fact
from fixture_sync.export import export_fixtures
from tests.editors import action_data, admin_form_data
from tests.pages import assert_no_query_twice, captured_sql

pytestmark = pytest.mark.django_db

CONTENT_MODELS = (
    "core.topic",
    "articles.outlet",
    "articles.article",
    "events.event",
    "facts.fact",
    "facts.citation",
    "countries.country",
    "countries.countrystatus",
    "people.person",
)


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def save_through_admin(client, obj, url=None, **changes):
    """Post ``obj``'s change form (or the form at ``url``) as rendered, with ``changes``; the response."""
    url = url or admin_url(obj, "change")
    data = admin_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def versions_of(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


def fact_with_citations():
    return Fact.objects.filter(citations__isnull=False).order_by("pk").first()


@pytest.mark.parametrize("label", CONTENT_MODELS)
def test_a_save_in_the_admin_records_a_version_with_the_editor(label, editor_client, editor, seed):
    obj = apps.get_model(label)._default_manager.order_by("pk").first()
    before = versions_of(obj).count()

    response = save_through_admin(editor_client, obj)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert versions_of(obj).count() == before + 1
    latest = versions_of(obj).first()
    assert latest.revision.user == editor
    assert latest.field_dict["revision"] == apps.get_model(label)._default_manager.get(pk=obj.pk).revision


def test_the_seed_reload_is_in_every_rows_history(seed):
    fact = fact_with_citations()
    comments = [version.revision.comment for version in versions_of(fact)]
    assert comments == ["Reloaded from fixtures"]
    citation = fact.citations.first()
    assert [version.revision.comment for version in versions_of(citation)] == ["Reloaded from fixtures"]


def test_the_history_page_lists_who_when_and_the_comment(editor_client, editor, seed):
    fact = fact_with_citations()
    save_through_admin(editor_client, fact, statement=fact.statement + " (checked)")

    response = editor_client.get(admin_url(fact, "history"))

    rows = response.context["history"]
    assert [row["version"].revision.user for row in rows] == [editor, None]
    assert rows[0]["version"].revision.get_comment() == "Changed Statement."
    assert rows[1]["version"].revision.comment == "Reloaded from fixtures"
    html = response.content.decode()
    assert "editor" in html and "Reloaded from fixtures" in html
    assert f'name="a" value="{rows[1]["version"].pk}"' in html
    assert f"?a={rows[1]['version'].pk}&amp;b={rows[0]['version'].pk}" in html


def test_the_comparison_shows_exactly_the_changed_fields(editor_client, seed):
    fact = fact_with_citations()
    old_statement, old_note = fact.statement, fact.note
    save_through_admin(editor_client, fact, statement="A <b>new</b> statement.", note="Checked twice.")
    new, old = versions_of(fact)[:2]

    response = editor_client.get(admin_url(fact, "compare") + f"?a={old.pk}&b={new.pk}")

    changes = {change["label"]: (change["old"], change["new"]) for change in response.context["changes"]}
    assert changes == {
        "statement": (old_statement, "A <b>new</b> statement."),
        "internal note": (old_note or "—", "Checked twice."),
    }
    html = response.content.decode()
    assert "A &lt;b&gt;new&lt;/b&gt; statement." in html  # escaped
    assert "Slug" not in html.split('id="version-changes"')[1].split("</table>")[0]
    # The versions may be given in either order.
    swapped = editor_client.get(admin_url(fact, "compare") + f"?a={new.pk}&b={old.pk}")
    assert [c["label"] for c in swapped.context["changes"]] == [c["label"] for c in response.context["changes"]]


def test_the_comparison_of_a_body_is_a_line_diff(editor_client, seed):
    article = Article.objects.order_by("pk").first()
    lines = article.body.splitlines()
    changed_body = "\n".join([*lines[:-1], "A last line <rewritten>."])
    article.body = changed_body
    article.save()  # outside the admin: no revision; compare the reload's with a new one
    save_through_admin(editor_client, article)
    new, old = versions_of(article)[:2]

    response = editor_client.get(admin_url(article, "compare") + f"?a={old.pk}&b={new.pk}")

    [change] = [c for c in response.context["changes"] if c["label"] == "body"]
    assert ("-", lines[-1]) in change["lines"] and ("+", "A last line <rewritten>.") in change["lines"]
    assert all(tag != " " or line == lines[-2] for tag, line in change["lines"])  # one line of context
    assert change["lines"][0] != ("@", "…")  # a mark only between hunks
    assert "+ A last line &lt;rewritten&gt;." in response.content.decode()


def test_the_comparison_of_a_fact_shows_its_changed_citations(editor_client, seed):
    fact = Fact.objects.annotate(n=Count("citations")).filter(n__gte=2).order_by("pk").first()
    citation = fact.citations.order_by("pk").first()
    data = admin_form_data(editor_client.get(admin_url(fact, "change")))
    prefix = next(
        key[: -len("-id")] for key, value in data.items() if key.endswith("-id") and value == str(citation.pk)
    )
    data[f"{prefix}-DELETE"] = "on"
    assert editor_client.post(admin_url(fact, "change"), data).status_code == 302
    new, old = versions_of(fact)[:2]

    response = editor_client.get(admin_url(fact, "compare") + f"?a={old.pk}&b={new.pk}")

    assert [(related["label"], related["what"]) for related in response.context["followed"]] == [
        (str(citation), "removed")
    ]


def test_a_revert_restores_the_old_statement_on_the_public_page(editor_client, client, seed):
    fact = Fact.objects.published().filter(citations__isnull=False).order_by("pk").first()
    old_statement, revision = fact.statement, fact.revision
    save_through_admin(editor_client, fact, statement="A statement that was wrong.")
    old = versions_of(fact).last()

    response = save_through_admin(editor_client, fact, url=admin_url(fact, "revision", old.pk))

    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.statement == old_statement
    assert fact.revision > revision + 1  # the counter only grows: the fixture engine sees the edit
    assert old_statement in client.get(fact.get_absolute_url()).content.decode()
    assert versions_of(fact).first().revision.get_comment().startswith("Reverted to previous version")


def test_opening_an_old_version_changes_nothing(editor_client, seed):
    fact = fact_with_citations()
    save_through_admin(editor_client, fact, statement="The current statement.")
    old = versions_of(fact).last()

    response = editor_client.get(admin_url(fact, "revision", old.pk))

    assert response.context["adminform"].form.initial["statement"] == old.field_dict["statement"]
    assert Fact.objects.get(pk=fact.pk).statement == "The current statement."


def test_a_revert_that_would_make_a_quote_not_verbatim_is_refused(editor_client, seed):
    citation = Citation.objects.select_related("article").order_by("pk").first()
    article, old_quote = citation.article, citation.quote
    other = next(line for line in article.body.splitlines() if line and old_quote not in line)
    save_through_admin(editor_client, citation, quote=other)
    old = versions_of(citation).last()
    assert old.field_dict["quote"] == old_quote
    # Later the article loses the old passage.
    article.body = article.body.replace(old_quote, "")
    article.save()

    response = save_through_admin(editor_client, citation, url=admin_url(citation, "revision", old.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quote"]
    citation.refresh_from_db()
    assert citation.quote == other


def test_a_bulk_publish_is_a_revision_with_its_comment(editor_client, editor, seed):
    article = Article.objects.published().order_by("pk").first()

    editor_client.post(reverse("admin:articles_article_changelist"), action_data("unpublish", article))

    latest = versions_of(article).first()
    assert latest.revision.comment == "Unpublished (bulk action)"
    assert latest.revision.user == editor
    assert latest.field_dict["status"] == "draft"


def test_an_export_records_the_edits_it_adopts(editor_client, seed, tmp_path, settings):
    country, untouched = Country.objects.order_by("pk")[:2]
    save_through_admin(editor_client, country)
    settings.FIXTURES_DIR = tmp_path  # the fixtures reloads read: an export there adopts

    export_fixtures(tmp_path)

    assert versions_of(country).first().revision.comment == "Exported to fixtures"
    assert [version.revision.comment for version in versions_of(untouched)] == ["Reloaded from fixtures"]


@pytest.mark.parametrize("view", ["history", "compare"])
def test_the_history_pages_read_a_bounded_number_of_queries(view, editor_client, seed):
    fact = fact_with_citations()
    for number in range(3):
        save_through_admin(editor_client, fact, statement=f"Statement number {number}.")
    new, old = versions_of(fact)[0], versions_of(fact).last()
    url = admin_url(fact, view) + (f"?a={old.pk}&b={new.pk}" if view == "compare" else "")

    statements, _ = captured_sql(editor_client, url)

    assert_no_query_twice(statements)
    assert len(statements) <= 16
