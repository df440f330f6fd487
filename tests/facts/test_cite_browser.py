"""In Chromium: the copy buttons of "Cite this fact" put each citation on the clipboard."""

import json

import pytest
from playwright.sync_api import expect

from facts.models import Fact

pytestmark = pytest.mark.browser


def test_each_copy_button_copies_its_citation(page, seeded_live_server):
    fact = Fact.objects.published().filter(citations__isnull=False).order_by("slug").first()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(seeded_live_server.url + fact.get_absolute_url())
    for details in page.locator(".cite-this details").all():
        details.locator("summary").click()
    buttons = page.locator(".cite-this .copy-button")
    expect(buttons).to_have_text(["Copy the citation", "Copy the BibTeX", "Copy the CSL-JSON"])

    copied = []
    for index in range(3):
        buttons.nth(index).click()
        expect(page.locator(".copy-status").nth(index)).to_have_text("Copied.")
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    assert copied[0].startswith(f"SCO Reference, “{fact.statement}”")
    assert copied[1].startswith(f"@misc{{scoreference:{fact.slug},") and copied[1].endswith("}")
    assert json.loads(copied[2])[0]["title"] == fact.statement


def test_without_javascript_there_is_no_copy_button(chromium, seeded_live_server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_live_server.url + Fact.objects.published().order_by("slug").first().get_absolute_url())
        expect(page.locator(".copy-button")).to_have_count(0)
        expect(page.locator(".cite-text")).to_be_visible()
    finally:
        context.close()
