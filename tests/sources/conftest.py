import pytest

from .pages import cyrillic_page, news_page, pdf_document
from .server import serving


@pytest.fixture
def site(settings):
    """The local news site, with fetching from 127.0.0.1 allowed as in development."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    settings.SOURCE_FETCH_TIMEOUT = (2, 2)
    with serving() as site:
        site.page("/news/belarus", news_page())
        site.page("/news/year-only", news_page(date="2025"))
        site.page("/ru/belarus", cyrillic_page(), content_type="text/html")
        site.page("/docs/note.pdf", pdf_document(), content_type="application/pdf")
        site.redirect("/old/belarus", "/moved/belarus", status=301)
        site.redirect("/moved/belarus", "/news/belarus")
        yield site
