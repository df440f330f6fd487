"""Shared test fixtures: seed content, scaled content, and a real browser."""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def seed(db):
    """The seed fixtures from ``fixtures/`` loaded through reload_fixtures."""
    from core.fixture_sync import reload_fixtures

    return reload_fixtures(settings.FIXTURES_DIR)


@pytest.fixture
def grown(seed):
    """Seed content plus synthetic content: a callable ``grown(factor)``."""
    from core.synthetic import grow_content

    def grow(factor):
        return grow_content(factor=factor)

    return grow


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped here without it, fatal under CI."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package.")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must still be
    # allowed to touch the database from the test itself.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
