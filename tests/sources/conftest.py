import pytest

from .pages import cyrillic_page, news_page, pdf_document
from .server import serving


@pytest.fixture
def web(settings):
    """The local news web, with fetching from 127.0.0.1 allowed as in development."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    settings.SOURCE_FETCH_TIMEOUT = (2, 2)
    with serving() as web:
        web.page("/news/belarus", news_page())
        web.page("/news/year-only", news_page(date="2025"))
        web.page("/ru/belarus", cyrillic_page(), content_type="text/html")
        web.page("/docs/note.pdf", pdf_document(), content_type="application/pdf")
        web.redirect("/old/belarus", "/moved/belarus", status=301)
        web.redirect("/moved/belarus", "/news/belarus")
        yield web
