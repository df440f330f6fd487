"""``add_source``: an address or a file in, a draft article and its archived capture out."""

import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from reversion.models import Version
from warcio.archiveiterator import ArchiveIterator

from articles.models import Article, Outlet
from core.models import PublicationStatus
from sources.models import Capture

from .pages import BODY, PDF_TEXT, STRIPPED, pdf_document

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("add_source", *args, stdout=out)
    return out.getvalue()


def test_json_dry_run_prints_the_record_and_saves_nothing(web):
    articles, captures = Article.objects.count(), Capture.objects.count()
    record = json.loads(run(web.url("/old/belarus"), "--dry-run", "--json"))
    assert (Article.objects.count(), Capture.objects.count()) == (articles, captures)
    assert {key: record[key] for key in ("title", "byline", "published_on", "published_precision", "outlet")} == {
        "title": "Belarus joins the SCO in Astana",
        "byline": "Jane Doe",
        "published_on": "2024-07-04",
        "published_precision": "day",
        "outlet": "Example News",
    }
    assert (record["language"], record["url"], record["requested_url"]) == (
        "en", web.url("/news/belarus"), web.url("/old/belarus"),
    )  # fmt: skip
    assert record["body"].endswith(BODY.splitlines()[-1]) and record["stripped"].splitlines() == STRIPPED
    assert len(record["sha256"]) == 64 and record["accessed_at"].startswith("20")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/ru/belarus",
            {
                "outlet": "Пример Новости",
                "language": "ru",
                "published_on": "2024-07-01",
                "published_precision": "month",
                "title": "Беларусь в ШОС",
            },
        ),
        ("/news/year-only", {"published_on": "2025-01-01", "published_precision": "year"}),
        (
            "/docs/note.pdf",
            {
                "title": "Secretariat note",
                "byline": "SCO Secretariat",
                "body": PDF_TEXT,
                "content_type": "application/pdf",
                "published_precision": "unknown",
            },
        ),
    ],
)
def test_pages_in_another_charset_dated_by_year_or_in_pdf(web, path, expected):
    record = json.loads(run(web.url(path), "--dry-run", "--json"))
    assert {key: record[key] for key in expected} == expected


def test_a_saved_source_is_a_draft_with_its_capture_archived_as_warc(web):
    record = json.loads(run(web.url("/old/belarus"), "--json"))
    article = Article.objects.get(slug=record["article"])
    assert (article.status, article.url, article.title) == (
        PublicationStatus.DRAFT, web.url("/news/belarus"), "Belarus joins the SCO in Astana",
    )  # fmt: skip
    assert article.outlet == Outlet.objects.get(name="Example News")
    assert article.provenance["title"]["basis"] == "metadata"
    assert "og:title meta tag" in article.provenance["title"]["reason"]
    assert set(article.provenance) == {"title", "byline", "outlet", "published_on", "language"}
    assert article.outlet.provenance["name"]["basis"] == "metadata"
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.comment == "Taken in from its address or file"
    capture = article.captures.get()
    assert (capture.final_url, capture.http_status, capture.content_type, capture.sha256) == (
        web.url("/news/belarus"), 200, "text/html", record["sha256"],
    )  # fmt: skip
    with default_storage.open(capture.archive.name) as archive:
        records = [(r.rec_type, r.rec_headers["WARC-Target-URI"], r.http_headers.get_statuscode(),
                    r.content_stream().read()) for r in ArchiveIterator(archive)]  # fmt: skip
    ((kind, target, status, payload),) = records
    assert (kind, target, status) == ("response", web.url("/news/belarus"), "200")
    assert hashlib.sha256(payload).hexdigest() == capture.sha256
    assert b"We use cookies" in payload  # the page as fetched, chrome and all


def test_a_pdf_file_is_taken_in(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf_document())
    out = run(str(path))
    article = Article.objects.get(title="Secretariat note")
    assert "as a draft" in out and article.body == PDF_TEXT and article.url == ""
    assert article.captures.get().content_type == "application/pdf"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/nowhere/at/all", r"neither an http\(s\) address nor a file"),
        ("ftp://example.org/x", "Only http and https"),
    ],
)
def test_bad_input_is_a_plain_error(address, message):
    with pytest.raises(CommandError, match=message):
        run(address)


@pytest.mark.parametrize("dry_run", [False, True])
def test_metadata_too_long_for_the_site_is_a_plain_error_and_saves_nothing(tmp_path, dry_run):
    long_name, long_title = "N" * 300, "T" * 400
    path = tmp_path / "long.html"
    path.write_text(
        f'<html><head><title>{long_title}</title><meta property="og:site_name" content="{long_name}"></head>'
        f"<body><article><p>{BODY}</p></article></body></html>"
    )
    articles, outlets = Article.objects.count(), Outlet.objects.count()
    with pytest.raises(CommandError, match=r"cannot be saved as read \(The outlet “N{59}…” cannot be made"):
        run(str(path), *(["--dry-run"] if dry_run else []))
    path.write_text(path.read_text().replace(long_name, "Example News"))
    with pytest.raises(CommandError, match="title: Ensure this value has at most 300 characters"):
        run(str(path), *(["--dry-run"] if dry_run else []))
    assert (Article.objects.count(), Outlet.objects.count()) == (articles, outlets)


def test_control_characters_in_a_page_are_read_as_spaces(tmp_path):
    path = tmp_path / "old.html"
    path.write_text(
        f"<html><head><title>Old\x07page</title></head><body><article><p>{BODY}\x0c</p></article></body></html>"
    )
    assert "as a draft" in run(str(path))
    article = Article.objects.get(title="Old page")
    assert not any(character in article.body + article.stripped for character in "\x07\x0c")


def test_a_refused_fetch_is_a_plain_error(web, settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(CommandError, match="loopback address: not fetched"):
        run(web.url("/news/belarus"))


def test_the_same_bytes_twice_are_refused_naming_the_first(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf_document())
    run(str(path))
    first = Article.objects.get(title="Secretariat note")
    with pytest.raises(
        CommandError, match=f"These very bytes were taken in already, as “Secretariat note” \\({first.slug}\\)"
    ):
        run(str(path))
    assert Article.objects.filter(title="Secretariat note").count() == 1
