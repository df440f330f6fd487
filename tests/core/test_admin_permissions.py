"""Who may open which admin page, the Editors group, drafts on the public site, and login lockout."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils.timezone import now

from core.models import FormerSlug, PublicationStatus
from fixture_sync.models import FixtureRecord
from reports.models import Report
from sources.models import Capture, LinkCheck
from tests.editors import PASSWORD, make_user

VIEWS = ("changelist", "add", "change", "delete", "history")
ROLES = ("anonymous", "staff", "editor", "superuser")

LOGIN = (302,) * 5  # sent to the login page
DENIED = (403,) * 5
ALLOWED = (200,) * 5
READ_ONLY = (200, 403, 200, 403, 200)  # may look, not add, change or delete
NO_ADD = (200, 403, 200, 200, 200)  # logs written by django-axes
INTAKE = (200, 200, 200, 403, 200)  # sources are taken in, their captures only read

# model: (anonymous, staff without group, editor, superuser); each is
# (changelist, add, change, delete, history).
EXPECTED = {
    "core.topic": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "core.formerslug": (LOGIN, DENIED, NO_ADD, NO_ADD),  # made by renames; editors may delete
    "fixture_sync.fixturerecord": (LOGIN, DENIED, DENIED, READ_ONLY),
    "articles.outlet": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "articles.article": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "countries.country": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "countries.countrystatus": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "events.event": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "facts.fact": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "facts.citation": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "people.person": (LOGIN, DENIED, ALLOWED, ALLOWED),
    "sources.capture": (LOGIN, DENIED, INTAKE, INTAKE),
    "sources.linkcheck": (LOGIN, DENIED, READ_ONLY, READ_ONLY),
    "reports.report": (LOGIN, DENIED, NO_ADD, NO_ADD),  # sent by readers; editors set the status
    "auth.user": (LOGIN, DENIED, DENIED, ALLOWED),
    "auth.group": (LOGIN, DENIED, DENIED, ALLOWED),
    "axes.accessattempt": (LOGIN, DENIED, DENIED, NO_ADD),
    "axes.accesslog": (LOGIN, DENIED, DENIED, NO_ADD),
    "axes.accessfailurelog": (LOGIN, DENIED, DENIED, NO_ADD),
}
# Pages added to a model's admin: (anonymous, staff, editor, superuser).
EXTRA_PAGES = {"articles.article": {"cite": (302, 403, 200, 200)}}


@pytest.fixture
def one_of_each(content, editor, editors_group):
    """An object for every registered model, to open its change, delete and history pages."""
    article = content["article"]
    access = {"user_agent": "test", "ip_address": "10.0.0.1", "username": "someone", "http_accept": "*/*"}
    rows = {
        **{f"{obj._meta.label_lower}": obj for obj in content.values()},
        "auth.user": editor,
        "core.formerslug": FormerSlug.objects.create(model="core.topic", slug="old-membership", target="membership"),
        "auth.group": editors_group,
        "fixture_sync.fixturerecord": FixtureRecord.objects.create(
            model="core.topic", key='["membership"]', key_digest="k", source_digest="s"
        ),
        "axes.accessattempt": AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**access),
        "sources.capture": Capture.objects.create(
            article=article, content_type="text/html", sha256="0" * 64, size=1, accessed_at=now(), archive="x.warc.gz"
        ),
        "sources.linkcheck": LinkCheck.objects.create(article=article, checked_at=now(), status="gone"),
        "reports.report": Report.objects.create(fact=content["fact"], problem="Wrong year.", sender="s"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**access),
    }
    return rows


def admin_url(model, view, obj):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    if view in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[obj.pk])


def login(client, role):
    client.logout()
    if role == "staff":
        client.force_login(make_user("staffer", staff=True))
    elif role == "editor":
        client.force_login(User.objects.get(username="editor"))
    elif role == "superuser":
        client.force_login(make_user("root", superuser=True))


@pytest.mark.slow  # every page: make test-all
def test_every_admin_page_answers_each_role_as_the_table_says(client, one_of_each):
    registered = {model._meta.label_lower: model for model in admin.site._registry}
    assert set(registered) == set(EXPECTED), "a model was registered or removed: update the table"
    found, expected = {}, {}
    for role_index, role in enumerate(ROLES):
        login(client, role)
        for label, model in registered.items():
            obj = one_of_each[label]
            for view, status in zip(VIEWS, EXPECTED[label][role_index], strict=True):
                found[role, label, view] = client.get(admin_url(model, view, obj)).status_code
                expected[role, label, view] = status
            for view, statuses in EXTRA_PAGES.get(label, {}).items():
                found[role, label, view] = client.get(admin_url(model, view, obj)).status_code
                expected[role, label, view] = statuses[role_index]
    assert {key: code for key, code in found.items() if code != expected[key]} == {}
    assert len(found) == len(ROLES) * (len(EXPECTED) * len(VIEWS) + 1)


def test_the_editors_group_has_exactly_the_content_permissions(editors_group):
    permissions = set(editors_group.permissions.values_list("content_type__app_label", "codename"))
    models = {
        "core": ("topic",),
        "articles": ("outlet", "outletalias", "article"),
        "countries": ("country", "countrystatus", "countryalias"),
        "events": ("event", "eventalias"),
        "facts": ("fact", "citation"),
        "people": ("person", "personalias"),
    }
    assert permissions == {
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in ("add", "change", "delete", "view")
    } | {("core", "view_formerslug"), ("core", "delete_formerslug")} | {
        ("sources", "add_capture"),
        ("sources", "view_capture"),
        ("sources", "view_linkcheck"),
    } | {("reports", f"{action}_report") for action in ("change", "delete", "view")}


def test_an_editor_gets_403_on_users_and_groups(editor_client, editor, editors_group):
    for url in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[editor.pk]),
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_change", args=[editors_group.pk]),
        reverse("admin:auth_group_add"),
    ):
        assert editor_client.get(url).status_code == 403, url
    assert editor_client.post(reverse("admin:auth_group_change", args=[editors_group.pk]), {}).status_code == 403


def test_an_editor_sees_the_content_apps_and_nothing_else(editor_client, content):
    index = editor_client.get(reverse("admin:index"))
    models = {model["object_name"] for app in index.context["app_list"] for model in app["models"]}
    assert models == {
        "Topic",
        "Outlet",
        "Article",
        "Country",
        "CountryStatus",
        "Event",
        "Fact",
        "Citation",
        "Person",
        "FormerSlug",
        "Capture",
        "LinkCheck",
        "Report",
    }


def test_staff_without_the_group_see_nothing(staff_client, content):
    index = staff_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert "curation-queues" not in index.content.decode()


@pytest.mark.parametrize("key", ["draft_article", "unsourced"])
def test_an_anonymous_reader_gets_404_for_a_draft(client, content, key):
    draft = content[key]
    assert draft.status == PublicationStatus.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404


def test_an_anonymous_reader_gets_404_for_a_draft_event(client, content):
    event = content["event"]
    event.status = PublicationStatus.DRAFT
    event.save()
    assert client.get(event.get_absolute_url(), {"preview": "1"}).status_code == 404


def test_the_sixth_failed_login_is_locked_out(client, editor):
    url = reverse("admin:login")
    statuses = [client.post(url, {"username": "editor", "password": "wrong"}).status_code for _ in range(5)]
    # Four times the form again with its error; the fifth failure locks the account.
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post(url, {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Keyed on username and address: the same name from another address may still log in.
    other = client.post(url, {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert Group.objects.filter(name="Editors").exists()
