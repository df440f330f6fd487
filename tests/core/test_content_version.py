"""Every change a reader could see gives the content a new version, in the same transaction."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.changes import content_changed, contents_changed
from core.models import PublicationStatus, Topic
from core.version import INITIAL_VERSION, bump_content_version, content_version
from fixture_sync.reload import reload_fixtures
from fixture_sync.synthetic import grow_content
from tests.editors import action_data, admin_form_data


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit as if the test's transaction had committed."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def changes_version(on_commit, action):
    before = content_version()
    with on_commit():
        action()
    after = content_version()
    assert after != before
    return after


def test_the_version_is_read_with_one_query(seed, django_assert_num_queries):
    with django_assert_num_queries(1):
        version = content_version()
    assert isinstance(version, str) and 0 < len(version) <= 32


def test_an_empty_database_has_the_initial_version(empty_db):
    from core.models import ContentVersion

    ContentVersion.objects.all().delete()
    assert content_version() == INITIAL_VERSION


def test_a_bump_is_part_of_its_transaction_and_a_rollback_keeps_the_version(seed, on_commit):
    before = content_version()
    with on_commit() as callbacks, transaction.atomic():
        bump_content_version()
        assert content_version() != before  # in the transaction, with the content it versions
        transaction.set_rollback(True)
    assert callbacks == []  # nothing left for after the commit, which could fail once it is done
    assert content_version() == before


def test_every_bump_gives_a_new_version(seed, on_commit):
    seen = {content_version()}
    for _ in range(5):
        seen.add(changes_version(on_commit, bump_content_version))
    assert len(seen) == 6


def test_announcing_a_change_bumps_and_announcing_nothing_does_not(seed, on_commit, content):
    changes_version(on_commit, lambda: content_changed(Topic, [content["topic"].pk]))
    changes_version(on_commit, content_changed)  # "anything may have changed"
    before = content_version()
    with on_commit():
        contents_changed({Topic: []})
        content_changed(Topic, [])
    assert content_version() == before


def test_an_admin_save_bumps(editor_client, content, on_commit):
    topic = content["topic"]
    url = reverse("admin:core_topic_change", args=[topic.pk])
    data = {**admin_form_data(editor_client.get(url)), "name": "Membership and accession"}

    def save():
        assert editor_client.post(url, data).status_code == 302

    changes_version(on_commit, save)
    topic.refresh_from_db()
    assert topic.name == "Membership and accession"


def test_an_admin_add_bumps(editor_client, content, on_commit):
    url = reverse("admin:core_topic_add")
    data = {**admin_form_data(editor_client.get(url)), "name": "Energy", "slug": "energy"}
    changes_version(on_commit, lambda: editor_client.post(url, data))
    assert Topic.objects.filter(slug="energy").exists()


def test_an_admin_delete_bumps(superuser_client, content, on_commit):
    outlet = content["outlet"]
    from articles.models import Outlet

    unused = Outlet.objects.create(slug="unused", name="Unused outlet", kind=outlet.kind)
    url = reverse("admin:articles_outlet_delete", args=[unused.pk])
    changes_version(on_commit, lambda: superuser_client.post(url, {"post": "yes"}))
    assert not Outlet.objects.filter(pk=unused.pk).exists()


def test_an_admin_bulk_delete_bumps(superuser_client, content, on_commit):
    from articles.models import Outlet

    unused = [Outlet.objects.create(slug=f"unused-{n}", name=f"Unused {n}", kind="newspaper") for n in range(2)]
    data = {**action_data("delete_selected", *unused), "post": "yes"}
    changes_version(on_commit, lambda: superuser_client.post(reverse("admin:articles_outlet_changelist"), data))
    assert not Outlet.objects.filter(slug__startswith="unused-").exists()


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_bulk_status_action_bumps(editor_client, content, on_commit, action):
    article = content["draft_article"] if action == "publish" else content["article"]
    url = reverse("admin:articles_article_changelist")
    changes_version(on_commit, lambda: editor_client.post(url, action_data(action, article)))
    article.refresh_from_db()
    assert article.status == (PublicationStatus.PUBLISHED if action == "publish" else PublicationStatus.DRAFT)


def test_publishing_facts_in_bulk_bumps(editor_client, content, on_commit):
    fact = content["fact"]
    type(fact).objects.filter(pk=fact.pk).update(status=PublicationStatus.DRAFT)
    url = reverse("admin:facts_fact_changelist")
    changes_version(on_commit, lambda: editor_client.post(url, action_data("publish", fact)))
    fact.refresh_from_db()
    assert fact.status == PublicationStatus.PUBLISHED


def test_a_status_edit_bumps(editor_client, content, on_commit):
    status = content["status"]
    url = reverse("admin:countries_countrystatus_change", args=[status.pk])
    data = {**admin_form_data(editor_client.get(url)), "status": "observer"}

    def save():
        response = editor_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    changes_version(on_commit, save)
    status.refresh_from_db()
    assert status.status == "observer"


def test_citing_a_passage_bumps(editor_client, content, on_commit):
    fact, article = content["fact"], content["article"]
    url = reverse("admin:articles_article_cite", args=[article.pk])
    changes_version(on_commit, lambda: editor_client.post(url, {"quote": "at the summit", "fact": fact.pk}))
    assert fact.citations.filter(quote="at the summit").exists()


def test_a_refused_admin_save_does_not_bump(editor_client, content, on_commit):
    topic = content["topic"]
    url = reverse("admin:core_topic_change", args=[topic.pk])
    data = {**admin_form_data(editor_client.get(url)), "name": ""}
    before = content_version()
    with on_commit():
        assert editor_client.post(url, data).status_code == 200
    assert content_version() == before


def test_a_fixture_reload_bumps_and_an_unchanged_one_does_not(empty_db, on_commit):
    changes_version(on_commit, lambda: reload_fixtures(settings.FIXTURES_DIR, backup=False))
    before = content_version()
    with on_commit():
        reload_fixtures(settings.FIXTURES_DIR, backup=False)
    assert content_version() == before


def test_growing_content_bumps(seed, on_commit):
    changes_version(on_commit, lambda: grow_content(factor=1, seed=3))
