"""Extraction: the main text verbatim, the chrome kept aside, metadata read from the page itself."""

import datetime

import pytest

from sources.extract import ExtractionError, extract, partial_date

from .pages import BODY, CYRILLIC, PDF_TEXT, STRIPPED, cyrillic_page, news_page, pdf_document


def squeeze(text):
    return " ".join(text.split())


def test_the_main_text_is_the_article_and_the_chrome_is_kept_aside():
    extracted = extract(news_page(), "text/html")
    assert squeeze(extracted.body) == squeeze("Belarus joins the SCO in Astana\n" + BODY)
    assert extracted.stripped.splitlines() == STRIPPED
    for chrome in ("cookies", "Related stories", "Copyright", "Politics"):
        assert chrome not in extracted.body


def test_metadata_comes_from_the_page_and_says_where():
    extracted = extract(news_page(), "text/html")
    assert (extracted.title, extracted.byline, extracted.outlet, extracted.language) == (
        "Belarus joins the SCO in Astana", "Jane Doe", "Example News", "en",
    )  # fmt: skip
    assert (extracted.published_on, extracted.published_precision) == (datetime.date(2024, 7, 4), "day")
    assert extracted.found == {
        "title": "the page's og:title meta tag",
        "byline": "the page's author meta tag",
        "outlet": "the page's og:site_name meta tag",
        "language": "the page's <html lang>",
        "published_on": "datePublished in the page's JSON-LD",
    }


def test_a_page_dated_only_by_its_year_has_year_precision():
    extracted = extract(news_page(date="2025"), "text/html")
    assert (extracted.published_on, extracted.published_precision) == (datetime.date(2025, 1, 1), "year")


def test_an_undated_page_has_no_date():
    extracted = extract(news_page(date=""), "text/html")
    assert (extracted.published_on, extracted.published_precision, "published_on" in extracted.found) == (
        None, "unknown", False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", (datetime.date(2025, 1, 1), "year")),
        ("2025-05", (datetime.date(2025, 5, 1), "month")),
        ("2025-05-14T08:00:00Z", (datetime.date(2025, 5, 14), "day")),
        ("2025-13-01", None),
        ("May 2025", None),
        ("", None),
    ],
)
def test_partial_dates(value, expected):
    assert partial_date(value) == expected


def test_a_windows_1251_page_is_read_by_its_meta_charset():
    extracted = extract(cyrillic_page(), "text/html")
    assert squeeze(extracted.body) == squeeze("Беларусь в ШОС\n" + "\n".join(CYRILLIC))
    assert (extracted.outlet, extracted.language, extracted.published_precision) == ("Пример Новости", "ru", "month")


@pytest.mark.parametrize("encoding", ["windows-1251", "windows-1252"])
def test_a_page_that_declares_no_charset_is_read_in_the_one_its_bytes_are(encoding):
    paragraphs = CYRILLIC if encoding == "windows-1251" else [
        "Les ministres des affaires étrangères de l'OCS se sont réunis à Astana.",
        "Ils ont discuté de la coopération régionale, de la sécurité et du développement économique.",
    ]  # fmt: skip
    page = "<html><body><article>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</article></body></html>"
    extracted = extract(page.encode(encoding), "text/html")
    assert squeeze(extracted.body) == squeeze("\n".join(paragraphs))
    assert "\ufffd" not in extracted.body


def test_a_pdf_gives_its_text_and_its_own_title_and_author():
    extracted = extract(pdf_document(), "application/pdf")
    assert (extracted.body, extracted.title, extracted.byline, extracted.stripped) == (
        PDF_TEXT, "Secretariat note", "SCO Secretariat", "",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"<html><body><script>var a;</script></body></html>", "text/html", "No main text"),
        (b"%PDF-1.4 broken", "application/pdf", "could not be read"),
        (b"   ", "text/plain", "holds no text"),
    ],
)
def test_a_file_without_text_is_refused_plainly(data, content_type, message):
    with pytest.raises(ExtractionError, match=message):
        extract(data, content_type)
