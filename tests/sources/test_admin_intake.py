"""The intake page: an address or a file read, its values confirmed, a draft saved and cited."""

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Outlet
from sources.models import Capture

from .pages import PDF_TEXT, pdf_document

pytestmark = pytest.mark.django_db
ADD = reverse("admin:sources_capture_add")


def read(client, **data):
    return client.post(ADD, data)


def confirm_data(page):
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["published_on"] = form["published_on"].value()
    return {name: str(value) if not isinstance(value, str) else value for name, value in data.items()}


def test_the_article_changelist_offers_the_intake(editor_client):
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{ADD}"' in page and "Add source from address or file" in page


def test_an_address_is_read_prefilled_marked_and_saved_as_a_draft_to_cite(editor_client, web):
    page = read(editor_client, address=web.url("/old/belarus"))
    assert page.status_code == 200 and page.context["source"] is not None
    html = page.content.decode()
    assert "From the page&#x27;s metadata: the page&#x27;s og:title meta tag" in html
    assert "(redirected from" in html
    html5lib.HTMLParser(strict=True).parse(html)  # well-formed: raises on any parse error
    data = confirm_data(page)
    assert (data["title"], data["byline"], data["outlet_name"], data["published_on"]) == (
        "Belarus joins the SCO in Astana", "Jane Doe", "Example News", "4 July 2024",
    )  # fmt: skip
    data["byline"] = "J. Doe"  # corrected by the editor: no longer the page's metadata
    saved = editor_client.post(ADD, data)
    article = Article.objects.get(slug=data["slug"])
    assert saved.status_code == 302 and saved["Location"] == reverse("admin:articles_article_cite", args=[article.pk])
    assert (article.status, article.byline, article.url) == ("draft", "J. Doe", web.url("/news/belarus"))
    assert set(article.provenance) == {"title", "outlet", "published_on", "language"}
    assert article.outlet == Outlet.objects.get(name="Example News")
    assert article.captures.get().final_url == web.url("/news/belarus")


def test_an_uploaded_pdf_is_taken_in(editor_client):
    upload = SimpleUploadedFile("note.pdf", pdf_document(), content_type="application/pdf")
    page = editor_client.post(ADD, {"file": upload})
    data = confirm_data(page)
    assert data["body"] == PDF_TEXT
    editor_client.post(ADD, data)
    assert Article.objects.get(slug=data["slug"]).captures.get().content_type == "application/pdf"
    upload.seek(0)
    again = confirm_data(editor_client.post(ADD, {"file": upload}))  # the same file, taken in again
    refused = editor_client.post(ADD, again)
    assert refused.status_code == 200 and Capture.objects.count() == 1
    assert f"These very bytes were taken in already, as “Secretariat note” ({data['slug']})." in (
        refused.content.decode().replace("&#x27;", "'")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give an address or a file, one of the two."),
        ({"address": "http://localhost:9/x"}, "loopback address: not fetched"),
        ({"address": "http://no-such-host.invalid/"}, "could not be resolved"),
    ],
)
def test_a_refusal_is_a_form_error(editor_client, data, message):
    page = read(editor_client, **data)
    assert page.status_code == 200 and message in page.content.decode()
    assert Capture.objects.count() == 0


def test_a_forged_token_is_refused_plainly(editor_client):
    page = editor_client.post(ADD, {"token": "forged", "title": "x"}, follow=True)
    assert "read it again" in page.content.decode() and Capture.objects.count() == 0


def test_staff_without_the_permission_cannot_take_a_source_in(staff_client):
    assert staff_client.get(ADD).status_code == 403
