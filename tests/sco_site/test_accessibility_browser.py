"""Every kind of public page passes axe-core (WCAG 2.2 A and AA) in Chromium at 1280 and 390
pixels, and the Nu HTML Checker: no violation, no error, no exception listed."""

import json
import subprocess

import pytest
from django.urls import reverse

from events.models import Event
from facts.models import Fact
from people.models import Person
from tests.core.test_admin_accessibility import vnu  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 390)


def public_pages():
    """One page of each kind: lists, details (a superseded and a disputed fact among them),
    search with and without results, open data, the map, a fact's history, the report form
    and a page not found."""
    fact = Fact.objects.published().filter(superseded_by__isnull=False).order_by("slug").first()
    disputed = Fact.objects.published().filter(disputed_by__isnull=False).order_by("slug").first()
    event = Event.objects.published().filter(facts__isnull=False).order_by("slug").first()
    person = Person.objects.order_by("slug").first()
    return {
        "home": reverse("home:home"),
        "articles": reverse("articles:list"),
        "article": reverse("articles:detail", args=["china-sco-presidency-road-to-tianjin"]),
        "countries": reverse("countries:list"),
        "country": reverse("countries:detail", args=["china"]),
        "events": reverse("events:list"),
        "event": event.get_absolute_url(),
        "facts": reverse("facts:list"),
        "facts filtered": reverse("facts:list") + "?standing=corroborated",
        "fact superseded": fact.get_absolute_url(),
        "fact disputed": disputed.get_absolute_url(),
        "people": reverse("people:list"),
        "person": person.get_absolute_url(),
        "search": reverse("search:search") + "?q=member",
        "search form": reverse("search:search"),
        "search nothing found": reverse("search:search") + "?q=zzzqqq",
        "data": reverse("opendata:data"),
        "map": reverse("home:map"),
        "map of a year": reverse("home:map") + "?year=2017",
        "fact history": reverse("facts:history", args=[fact.slug]),
        "report a problem": reverse("reports:report", args=["fact", fact.slug]),
        "not found": "/no-such-page/",
    }


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{violation['id']}: {' '.join(node['target'])}" for violation in found for node in violation["nodes"]]


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_axe_violations(chromium, seeded_live_server, width):
    context = chromium.new_context(viewport={"width": width, "height": 900}, has_touch=width < 600)
    page = context.new_page()
    found = {}
    try:
        for name, url in public_pages().items():
            page.goto(seeded_live_server.url + url)
            found[name] = axe_violations(page)
        # A reference preview, open.
        page.goto(seeded_live_server.url + public_pages()["facts"])
        page.locator("a[data-preview]").first.focus()
        page.wait_for_selector(".ref-preview")
        found["facts, a preview open"] = axe_violations(page)
    finally:
        context.close()
    assert found == {name: [] for name in found}


def test_public_pages_are_valid_html(page, seeded_live_server, vnu, tmp_path):  # noqa: F811
    """All pages checked in one run of the checker (a Java start costs seconds)."""
    files = {}
    for number, (name, url) in enumerate(public_pages().items()):
        response = page.request.get(seeded_live_server.url + url)
        assert response.status == (404 if name == "not found" else 200), name
        files[name] = tmp_path / f"page-{number}.html"
        files[name].write_text(response.text())
    checked = subprocess.run([*vnu[:-1], *map(str, files.values())], capture_output=True, timeout=300, check=False)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    found = {
        name: [
            f"line {message.get('lastLine')}: {message['message']}"
            for message in messages
            if message["type"] == "error" and message.get("url", "").endswith("/" + path.name)
        ]
        for name, path in files.items()
    }
    assert found == {name: [] for name in files}
