"""Our admin pages pass axe-core (WCAG 2.1 A and AA) in Chromium and the Nu HTML Checker.

What is left is listed below, each entry with why it comes from Django's own admin markup
(its autocomplete widget, select2, its stylesheet), not from our templates.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from countries.models import Country
from events.models import Event
from facts.models import Fact
from tests.editors import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VNU_JAR = Path(settings.BASE_DIR) / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (axe rule, a piece of the offending node's selector): Django's markup, not ours.
AXE_ALLOWED = (
    # Django's autocomplete widget is select2, whose combobox span has no accessible name
    # and whose search input has no label; its tag list holds the search box as a list item.
    ("aria-input-field-name", "select2"),
    ("label", "select2-search__field"),
    ("list", "select2-selection--multiple"),
    # Our tabular inlines name their inputs (core.admin.TableInline); Django's own delete
    # box in each row is headed by its column only.
    ("label", "-DELETE"),
    # Django's stylesheet sets links apart by colour only (no underline): its breadcrumbs.
    # (Each inline row's "view on site" link is underlined by static/css/admin_forms.css.)
    ("link-in-text-block", ".breadcrumbs"),
)
# (a piece of the Nu checker's message): Django's markup, not ours.
NU_ALLOWED = (
    # The empty first <option> Django's autocomplete widget renders for select2's placeholder.
    "Element “option” without attribute “label” must not be empty.",
    # Django's hidden "initial-" input for a JSON field with a callable default copies the
    # field's aria-describedby (django/forms/boundfield.py, build_widget_attrs).
    "whose value is “hidden” must not have any “aria-*” attributes.",
)


def admin_pages():
    """Our admin pages: the index with its queues, the changelists, the change forms we
    customise, the cite page, the offer to publish the facts citing an article, a fact's
    history and the comparison of two of its versions, the intake page and the sources to look at."""
    article = Article.objects.filter(citations__isnull=False).order_by("pk").first()
    fact = Fact.objects.filter(citations__isnull=False).order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    version = Version.objects.get_for_object(fact).first().pk  # the seed's reload
    return {
        "index": reverse("admin:index"),
        "fact list": reverse("admin:facts_fact_changelist"),
        "article list": reverse("admin:articles_article_changelist"),
        "event list": reverse("admin:events_event_changelist"),
        "report list": reverse("admin:reports_report_changelist"),
        "citation list": reverse("admin:facts_citation_changelist"),
        "status list": reverse("admin:countries_countrystatus_changelist"),
        "fact": reverse("admin:facts_fact_change", args=[fact.pk]),
        "article": reverse("admin:articles_article_change", args=[article.pk]),
        "event": reverse("admin:events_event_change", args=[event.pk]),
        "country": reverse("admin:countries_country_change", args=[Country.objects.order_by("pk").first().pk]),
        "cite": reverse("admin:articles_article_cite", args=[article.pk]),
        "publish citing facts": reverse("admin:articles_article_publish_facts", args=[article.pk]),
        "fact history": reverse("admin:facts_fact_history", args=[fact.pk]),
        "fact compare": reverse("admin:facts_fact_compare", args=[fact.pk]) + f"?a={version}&b={version}",
        "add source": reverse("admin:sources_capture_add"),
        "sources to look at": reverse("admin:sources_linkcheck_changelist") + "?queue=look-at",
    }


@pytest.fixture
def vnu():
    """The Nu HTML Checker's command; skipped here without java or the jar, fatal under CI."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        reason = f"the Nu HTML Checker needs java and {VNU_JAR} (make browser-deps)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--format", "json", "-"]


@pytest.fixture
def admin_page(seeded_live_server, page):
    make_user("admin", superuser=True)
    page.goto(f"{seeded_live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-queues")
    return page


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{violation['id']}: {' '.join(node['target'])}"
        for violation in found
        for node in violation["nodes"]
        if not any(rule == violation["id"] and piece in " ".join(node["target"]) for rule, piece in AXE_ALLOWED)
    ]


def nu_errors(command, html):
    checked = subprocess.run(command, input=html.encode(), capture_output=True, timeout=120, check=False)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    return [
        f"line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error" and not any(piece in message["message"] for piece in NU_ALLOWED)
    ]


def test_our_admin_pages_have_no_axe_violations(admin_page, seeded_live_server):
    found = {}
    for name, url in admin_pages().items():
        admin_page.goto(seeded_live_server.url + url)
        admin_page.wait_for_load_state("networkidle")
        found[name] = axe_violations(admin_page)
    assert found == {name: [] for name in found}


def test_our_admin_pages_are_valid_html(admin_page, seeded_live_server, vnu):
    found = {}
    for name, url in admin_pages().items():
        response = admin_page.request.get(seeded_live_server.url + url)
        assert response.ok, name
        found[name] = nu_errors(vnu, response.text())
    assert found == {name: [] for name in found}


def test_changelists_fit_1280_pixels_with_both_sidebars_open(admin_page, seeded_live_server):
    """Status, standing, citations and the modified date show without scrolling sideways."""
    for name in ("fact list", "article list", "event list", "citation list", "status list"):
        admin_page.goto(seeded_live_server.url + admin_pages()[name])
        assert admin_page.is_visible("#nav-sidebar") and admin_page.is_visible("#changelist-filter")
        widths = admin_page.evaluate(
            """() => {
                const results = document.querySelector('#changelist .results');
                const edge = results.getBoundingClientRect().right;
                return {
                    page: document.documentElement.scrollWidth,
                    results: results.scrollWidth - results.clientWidth,
                    cut: [...document.querySelectorAll('#result_list thead th')]
                        .filter((th) => th.getBoundingClientRect().right > edge + 1)
                        .map((th) => th.innerText.trim()),
                };
            }"""
        )
        assert widths == {"page": 1280, "results": 0, "cut": []}, name


def test_change_forms_with_tabular_inlines_fit_1280_pixels_with_the_sidebar_open(admin_page, seeded_live_server):
    """A fact's citations and a country's statuses, "Delete?" included, without scrolling sideways."""
    for name in ("fact", "country"):
        admin_page.goto(seeded_live_server.url + admin_pages()[name])
        assert admin_page.is_visible("#nav-sidebar")
        width = admin_page.evaluate("document.documentElement.scrollWidth")
        assert width == 1280, name
