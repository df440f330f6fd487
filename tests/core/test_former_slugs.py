"""A page whose slug an editor changes answers 301 at its old address, in this database and
in any other that reloads the fixtures."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from core.models import FormerSlug, PublicationStatus
from core.slugs import record_slug_change, unique_slug
from countries.models import Country
from events.models import Event
from facts.models import Citation, Fact
from fixture_sync.canonical import SYNTHETIC_PREFIX
from fixture_sync.export import export_fixtures
from fixture_sync.reload import reload_fixtures
from people.models import Person
from tests.editors import admin_form_data
from tests.fixture_sync.helpers import copy_seed

MODELS = {
    "article": lambda: Article.objects.published().order_by("slug").first(),
    "event": lambda: Event.objects.published().order_by("slug").first(),
    "country": lambda: Country.objects.order_by("slug").first(),
    "person": lambda: Person.objects.quoted().order_by("slug").first(),
}


def a_fact():
    return Fact.objects.published().order_by("slug").first()


def rename(client, obj, slug):
    """Change ``obj``'s slug through its admin change form, as an editor does."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = admin_form_data(client.get(url))
    data["slug"] = slug
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return obj


def assert_moved(client, old_url, obj):
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_renaming_a_fact_redirects_its_old_address_to_the_new_one(editor_client, client, seed):
    fact = a_fact()
    old_url = fact.get_absolute_url()
    rename(editor_client, fact, "renamed-fact")
    assert FormerSlug.objects.filter(model="facts.fact", slug=old_url.split("/")[-2], target="renamed-fact").exists()
    client.logout()
    assert_moved(client, old_url, fact)


def test_renamed_twice_both_old_addresses_lead_straight_to_the_current_one(editor_client, client, seed):
    fact = a_fact()
    first_url = fact.get_absolute_url()
    second_url = rename(editor_client, fact, "second-name").get_absolute_url()
    rename(editor_client, fact, "third-name")
    client.logout()
    assert_moved(client, first_url, fact)
    assert_moved(client, second_url, fact)


def test_renamed_back_the_page_answers_at_its_first_address_without_a_loop(editor_client, client, seed):
    fact = a_fact()
    first_slug = fact.slug
    rename(editor_client, fact, "interim-name")
    rename(editor_client, fact, first_slug)
    assert list(FormerSlug.objects.filter(model="facts.fact").values_list("slug", "target")) == [
        ("interim-name", first_slug)
    ]
    client.logout()
    assert client.get(fact.get_absolute_url()).status_code == 200
    assert_moved(client, reverse("facts:detail", kwargs={"slug": "interim-name"}), fact)


@pytest.mark.parametrize("kind", MODELS)
def test_renaming_any_page_with_a_slug_redirects_its_old_address(editor_client, client, seed, kind):
    obj = MODELS[kind]()
    old_url = obj.get_absolute_url()
    rename(editor_client, obj, f"renamed-{kind}")
    client.logout()
    assert_moved(client, old_url, obj)


def test_the_query_string_follows_the_redirect(client, seed):
    fact = a_fact()
    record_slug_change(obj=fact, old_slug="old-name")
    response = client.get(reverse("facts:detail", kwargs={"slug": "old-name"}) + "?utm_source=feed")
    assert response.status_code == 301
    assert response["Location"] == fact.get_absolute_url() + "?utm_source=feed"


def test_a_former_slug_of_a_draft_is_404_to_readers_and_leads_staff_to_the_preview(editor_client, client, seed):
    fact = a_fact()
    old_url = fact.get_absolute_url()
    rename(editor_client, fact, "now-a-draft")
    Fact.objects.filter(pk=fact.pk).update(status=PublicationStatus.DRAFT)
    preview = editor_client.get(old_url + "?preview=1")
    assert preview.status_code == 301
    assert preview["Location"] == fact.get_absolute_url() + "?preview=1"
    client.logout()
    assert client.get(old_url).status_code == 404


def test_an_unknown_slug_is_still_404(client, seed):
    assert client.get(reverse("facts:detail", kwargs={"slug": "no-such-fact"})).status_code == 404


def test_a_page_that_exists_never_reads_the_former_slugs_and_a_missing_one_reads_them_once(client, seed):
    fact = a_fact()
    with CaptureQueriesContext(connection) as found:
        assert client.get(fact.get_absolute_url()).status_code == 200
    assert not [q for q in found if "core_formerslug" in q["sql"]]
    with CaptureQueriesContext(connection) as missing:
        assert client.get(reverse("facts:detail", kwargs={"slug": "no-such-fact"})).status_code == 404
    assert len([q for q in missing if "core_formerslug" in q["sql"]]) == 1


def test_the_change_form_lists_the_former_slugs(editor_client, seed):
    fact = rename(editor_client, a_fact(), "listed-name")
    old = FormerSlug.objects.get(model="facts.fact", target="listed-name").slug
    page = editor_client.get(reverse("admin:facts_fact_change", args=[fact.pk]))
    assert page.context["former_slugs"] == [old]
    assert f"<code>{old}</code>" in page.content.decode()
    listed = editor_client.get(page.context["former_slugs_url"])
    assert [row.slug for row in listed.context["cl"].result_list] == [old]


def test_editors_see_and_may_delete_a_redirect_but_not_add_or_edit_one(editor_client, client, seed):
    fact = a_fact()
    old_url = fact.get_absolute_url()
    rename(editor_client, fact, "deleted-redirect")
    former = FormerSlug.objects.get(target="deleted-redirect")
    assert editor_client.get(reverse("admin:core_formerslug_changelist") + "?q=deleted").status_code == 200
    assert editor_client.get(reverse("admin:core_formerslug_add")).status_code == 403
    change_url = reverse("admin:core_formerslug_change", args=[former.pk])
    assert editor_client.post(change_url, {"target": "elsewhere"}).status_code == 403
    delete_url = reverse("admin:core_formerslug_delete", args=[former.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    client.logout()
    assert client.get(old_url).status_code == 404


def test_the_redirect_survives_an_export_and_a_forced_reload(editor_client, client, seed, tmp_path):
    fact = a_fact()
    old_url = fact.get_absolute_url()
    rename(editor_client, fact, "exported-name")
    export_fixtures(tmp_path)
    exported = json.loads((tmp_path / "core.formerslug.json").read_text(encoding="utf-8"))
    assert exported == [
        {
            "model": "core.formerslug",
            "fields": {"model": "facts.fact", "slug": old_url.split("/")[-2], "target": "exported-name"},
        }
    ]
    FormerSlug.objects.all().delete()
    report = reload_fixtures(tmp_path, backup=False, force=True)
    assert report.counts["core.formerslug"].created == 1
    client.logout()
    assert_moved(client, old_url, fact)


def test_former_slugs_of_synthetic_pages_are_left_out_of_exports(seed, tmp_path):
    FormerSlug.objects.create(model="facts.fact", slug=f"{SYNTHETIC_PREFIX}000001-fact", target=a_fact().slug)
    export_fixtures(tmp_path)
    assert (tmp_path / "core.formerslug.json").read_text(encoding="utf-8") == "[]\n"


def test_a_database_still_at_the_old_slug_reloads_the_rename_and_the_redirect(client, seed, tmp_path):
    """Another host, loaded before the rename: the fact is replaced by one at its new slug
    (the fixtures name rows by slug), its citations follow, and the old address redirects."""
    fact = a_fact()
    old_slug, citations = fact.slug, Citation.objects.count()
    fixtures = copy_seed(tmp_path)
    for path in fixtures.glob("*.json"):
        path.write_text(path.read_text(encoding="utf-8").replace(f'"{old_slug}"', '"moved-fact"'), encoding="utf-8")
    former = {"model": "core.formerslug", "fields": {"model": "facts.fact", "slug": old_slug, "target": "moved-fact"}}
    (fixtures / "core.formerslug.json").write_text(json.dumps([former], indent=2) + "\n", encoding="utf-8")

    report = reload_fixtures(fixtures, backup=False)

    assert (report.counts["facts.fact"].created, report.counts["facts.fact"].deleted) == (1, 1)
    assert not Fact.objects.filter(slug=old_slug).exists()
    moved = Fact.objects.get(slug="moved-fact")
    assert Citation.objects.count() == citations
    assert_moved(client, reverse("facts:detail", kwargs={"slug": old_slug}), moved)


@pytest.mark.django_db
def test_a_new_slug_is_numbered_past_the_ones_taken_and_kept_within_its_length():
    taken = Article.objects.published().first()
    assert unique_slug(Article, taken.slug.replace("-", " "), length=120, default="x") == f"{taken.slug}-2"
    assert unique_slug(Article, "a " * 100, length=20, default="x") == "a-a-a-a-a-a-a-a"
    assert unique_slug(Article, "«»", length=20, default="source") == "source"
