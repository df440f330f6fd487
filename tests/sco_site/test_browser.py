"""The public site in Debian's Chromium: pages, a filter, and a fact followed to its passage.

Screenshots of the home, an article, a country and a fact page are saved under
``screenshots/`` (git-ignored) for a person to look at.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from countries.models import CountryStatus
from facts.models import Citation

pytestmark = pytest.mark.browser

SHOTS = settings.BASE_DIR / "screenshots"
HIGHLIGHT = "rgb(255, 213, 74)"  # --mark-strong: the passage a link leads to


@pytest.fixture
def live_site(seeded_live_server):
    SHOTS.mkdir(exist_ok=True)
    return seeded_live_server.url


def shoot(page, name, *, full_page=True):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def test_follow_a_fact_from_a_country_to_its_highlighted_passage(page, live_site):
    status = CountryStatus.objects.get(country__slug="belarus", ended=False)
    citation = Citation.objects.get(fact=status.fact, quote__contains="Belarus was formally accepted")

    page.goto(f"{live_site}/countries/belarus/")
    expect(page.locator("h1")).to_have_text(re.compile("Belarus"))
    expect(page.locator(".current-status")).to_contain_text("Member state of the SCO since 2024")
    shoot(page, "country")

    page.locator(".current-status a.date-link", has_text="2024").click()
    expect(page).to_have_url(f"{live_site}{status.fact.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(status.fact.statement)
    shoot(page, "fact")

    page.locator(f'a.passage-link[href$="#{citation.anchor}"]').click()
    expect(page).to_have_url(re.compile(rf"/articles/{citation.article.slug}/#{citation.anchor}$"))
    passage = page.locator(f"mark#{citation.anchor}")
    expect(passage).to_contain_text("Belarus was formally accepted as the 10th member state")
    expect(passage).to_be_in_viewport()
    assert passage.evaluate("el => el.matches(':target')")
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") == HIGHLIGHT
    shoot(page, "article", full_page=False)


def test_each_kind_of_page_opens_and_a_filter_narrows_the_list(page, live_site):
    page.goto(live_site)
    expect(page.locator("h1")).to_have_text(re.compile("at a glance"))
    expect(page.locator("#count-member")).to_have_text("10")
    expect(page.locator("svg.chart")).to_be_visible()
    shoot(page, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Facts").click()
    expect(page.locator("h1")).to_have_text("Facts")
    page.get_by_label("Standing", exact=True).select_option("superseded")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"standing=superseded"))
    expect(page.locator(".fact-item")).to_have_count(2)
    expect(page.locator(".fact-item").first).to_contain_text("Superseded by")
    page.locator(".fact-item .fact-statement a").first.click()
    expect(page.locator(".comparison")).to_contain_text("This fact")
    shoot(page, "fact-superseded")

    page.goto(f"{live_site}/events/")
    page.get_by_label("Kind", exact=True).select_option("summit")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"kind=summit"))
    page.get_by_role("link", name="SCO Astana Summit").click()
    expect(page.locator("h1")).to_have_text("SCO Astana Summit")
    expect(page.get_by_text("Status decisions taken here")).to_be_visible()
    shoot(page, "event")

    page.goto(f"{live_site}/countries/")
    expect(page.locator("#group-founding_member .country-card")).to_have_count(6)
    shoot(page, "countries")

    page.goto(f"{live_site}/articles/")
    page.get_by_label("Outlet", exact=True).select_option("cgtn")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"outlet=cgtn"))
    titles = page.locator(".article-item h3 a")
    expect(titles.first).to_be_visible()
    shoot(page, "articles")

    page.get_by_role("search").first.get_by_label("Search the site").fill("formally accepted")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page.locator(".snippet mark").first).to_have_text(re.compile("formally|accepted", re.I))
    shoot(page, "search")


def test_phone_layout_has_no_sideways_scroll_and_focus_is_visible(chromium, live_site):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ["/", "/countries/belarus/", "/facts/", "/articles/xi-jinping-and-the-sco/"]:
            page.goto(f"{live_site}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (path, width)
        shoot(page, "article-phone")
        page.goto(live_site)
        shoot(page, "home-phone")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    finally:
        context.close()
