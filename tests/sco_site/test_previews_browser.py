"""Reference previews in Chromium, by touch at 390 × 844, by keyboard and by mouse: a marker
opens a preview of what it cites without leaving the page; a link inside the preview goes on."""

import re

import pytest
from playwright.sync_api import expect

from facts.models import Citation

pytestmark = pytest.mark.browser

ARTICLE = "china-sco-presidency-road-to-tianjin"
# A page of each kind with markers: (path, the marker tapped, the preview's expected text).
PAGES = {
    "article": (f"/articles/{ARTICLE}/", "sup.cite-ref a", "Open the fact"),
    "fact list": ("/facts/", ".fact-item a[data-preview]", "Read the passage in context"),
    "country": ("/countries/china/", ".fact-item a[data-preview]", "Read the passage in context"),
}


@pytest.fixture
def phone(chromium, seeded_live_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def first_passage_of(page, marker):
    """The quote (as the preview shows it, shortened) the marker's first passage cites."""
    href = marker.get_attribute("href")
    citation = Citation.objects.get(pk=int(href.rsplit("#cite-", 1)[1]))
    return " ".join(citation.quote.split()[:6])


@pytest.mark.parametrize("kind", ["article", "fact list", "country"])
def test_a_tap_opens_the_preview_without_leaving_and_a_second_tap_goes_on(phone, seeded_live_server, kind):
    path, selector, open_text = PAGES[kind]
    url = seeded_live_server.url + path
    phone.goto(url)
    marker = phone.locator(selector).first
    marker.tap()
    preview = phone.locator(".ref-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(open_text)
    assert phone.url == url
    if kind != "article":
        expect(preview).to_contain_text(first_passage_of(phone, marker))
    expect(marker).to_have_attribute("aria-describedby", "ref-preview")

    phone.locator("h1").tap()  # elsewhere: it closes
    expect(preview).to_have_count(0)
    assert phone.url == url

    marker.tap()
    marker.tap()  # a second tap on the open marker follows it
    expect(phone).not_to_have_url(url)


def test_a_link_inside_the_preview_goes_on_and_escape_closes(phone, seeded_live_server):
    phone.goto(f"{seeded_live_server.url}/facts/")
    marker = phone.locator(".fact-item a[data-preview]").first
    marker.tap()
    phone.keyboard.press("Escape")
    expect(phone.locator(".ref-preview")).to_have_count(0)
    marker.tap()
    phone.locator(".ref-preview a").first.tap()
    expect(phone).to_have_url(re.compile(r"/articles/[\w-]+/#cite-\d+$"))


def test_sources_are_named_once_with_their_number_of_passages(phone, seeded_live_server):
    phone.goto(f"{seeded_live_server.url}/articles/{ARTICLE}/")
    phone.locator("sup.cite-ref a").first.tap()
    expect(phone.locator(".ref-preview .sources-inline")).to_have_text(re.compile(r"CGTN, undated — 2 passages"))


def test_keyboard_focus_opens_tab_enters_and_escape_returns(page, seeded_live_server):
    url = f"{seeded_live_server.url}/countries/china/"
    page.goto(url)
    marker = page.locator(".fact-item a[data-preview]").first
    marker.focus()
    preview = page.locator(".ref-preview")
    expect(preview).to_be_visible()
    page.keyboard.press("Tab")  # into the preview: its markers, then its links
    expect(preview.locator("button, a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")  # the link, as without JavaScript
    expect(page).to_have_url(re.compile(r"/articles/[\w-]+/#cite-\d+$"))


def test_mouse_hover_opens_leaving_closes_and_a_click_follows(page, seeded_live_server):
    url = f"{seeded_live_server.url}/articles/{ARTICLE}/"
    page.goto(url)
    marker = page.locator("sup.cite-ref a").first
    marker.hover()
    preview = page.locator(".ref-preview")
    expect(preview).to_be_visible()
    preview.hover()  # moving onto the preview keeps it open
    page.wait_for_timeout(400)
    expect(preview).to_be_visible()
    page.mouse.move(5, 5)
    expect(preview).to_have_count(0)
    marker.click()
    expect(page).to_have_url(re.compile(r"/facts/[\w-]+/$"))


def test_without_javascript_a_marker_is_a_plain_link(chromium, seeded_live_server):
    context = chromium.new_context(java_script_enabled=False, has_touch=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{seeded_live_server.url}/facts/")
        marker = page.locator(".fact-item a[data-preview]").first
        expect(page.locator(".ref-preview")).to_have_count(0)
        marker.tap()
        expect(page).to_have_url(re.compile(r"/articles/[\w-]+/#cite-\d+$"))
    finally:
        context.close()
