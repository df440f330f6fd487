"""Public pages show a lead image at its size, with the renditions that exist for it as srcset."""

import re

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from core.media import images
from tests.core.test_images import IMAGE_TEXT, upload_to_article
from tests.editors import admin_form_data, image_bytes

IMG = re.compile(r'<figure class="lead-image">\s*(<img [^>]*>)\s*<figcaption>(.*?)</figcaption>', re.S)


@pytest.fixture
def article(content):
    return content["article"]


@pytest.fixture
def reader(db):
    """A visitor who is not logged in (``client`` is the editor's once ``editor_client`` is used)."""
    return Client()


def lead_img(response):
    """The ``<img>`` tag of the page's lead image, and its caption."""
    [(img, caption)] = IMG.findall(response.content.decode())
    return img, caption


def srcset_of(img):
    return [candidate.rsplit(" ", 1) for candidate in re.search(r'srcset="([^"]*)"', img)[1].split(", ")]


def test_an_article_page_lists_the_renditions_and_the_original_in_srcset(reader, editor_client, article):
    response = upload_to_article(editor_client, article, image_bytes("PNG", size=(1200, 800)), "summit.png")
    assert response.status_code == 302
    article.refresh_from_db()
    name = article.image.name
    assert re.fullmatch(r"articles/summit-1200x800(_\w+)?\.png", name)

    img, caption = lead_img(reader.get(article.get_absolute_url()))
    assert img == (
        f'<img src="/media/{name}" srcset="/media/{images.rendition_name(name, 480)} 480w, '
        f'/media/{images.rendition_name(name, 960)} 960w, /media/{name} 1200w" '
        f'sizes="min(100vw - 2.5rem, 71.5rem, 1200px)" width="1200" height="800" alt="Leaders on stage">'
    )
    assert caption == "Photo: Example Agency · Used with permission"
    # Every candidate is a file that was made, at the width it claims.
    for url, width in srcset_of(img):
        with default_storage.open(url.removeprefix("/media/")) as file:
            assert f"{Image.open(file).width}w" == width


def test_a_wide_image_offers_every_rendition_width(reader, editor_client, article):
    upload_to_article(editor_client, article, image_bytes("JPEG", size=(2000, 1000)), "wide.jpg")
    article.refresh_from_db()
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert [width for _url, width in srcset_of(img)] == ["480w", "960w", "1600w", "2000w"]
    assert 'width="2000" height="1000"' in img


def test_an_image_no_wider_than_its_largest_rendition_is_not_listed_twice(reader, editor_client, article):
    upload_to_article(editor_client, article, image_bytes("JPEG", size=(960, 600)), "exact.jpg")
    article.refresh_from_db()
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert [width for _url, width in srcset_of(img)] == ["480w", "960w"]
    assert srcset_of(img)[-1][0].endswith("-960w.webp")


def test_a_small_image_has_no_srcset_but_keeps_its_size(reader, editor_client, article):
    upload_to_article(editor_client, article, image_bytes("PNG", size=(400, 300)), "small.png")
    article.refresh_from_db()
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert img == f'<img src="/media/{article.image.name}" width="400" height="300" alt="Leaders on stage">'


def test_an_event_page_shows_its_lead_image_the_same_way(reader, editor_client, content):
    event = content["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({**IMAGE_TEXT, "image": SimpleUploadedFile("hall.webp", image_bytes("WEBP", size=(1000, 500)))})
    assert editor_client.post(url, data).status_code == 302
    event.refresh_from_db()
    img, _caption = lead_img(reader.get(event.get_absolute_url()))
    assert [width for _url, width in srcset_of(img)] == ["480w", "960w", "1000w"]
    assert 'width="1000" height="500" alt="Leaders on stage"' in img


def test_a_page_without_an_image_has_no_figure(reader, article):
    assert '<figure class="lead-image">' not in reader.get(article.get_absolute_url()).content.decode()


def test_the_lead_image_costs_no_storage_query(reader, editor_client, article, monkeypatch):
    upload_to_article(editor_client, article, image_bytes("PNG", size=(1200, 800)), "summit.png")

    def refuse(*args, **kwargs):
        raise AssertionError("the page asked the storage")

    for method in ("exists", "open", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, refuse)
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert 'width="1200" height="800"' in img


def test_an_image_name_from_elsewhere_is_shown_plainly(reader, article):
    """A name without its size (stored some other way) gives a plain image, never a broken srcset."""
    article.image.name = "articles/from-elsewhere.jpg"
    article.image_alt, article.image_credit, article.image_rights = "alt", "credit", "rights"
    article.save()
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert img == '<img src="/media/articles/from-elsewhere.jpg" alt="alt">'


def test_a_long_file_name_keeps_the_size_in_the_stored_name(reader, editor_client, article):
    upload_to_article(editor_client, article, image_bytes("PNG", size=(700, 350)), f"{'long-name-' * 9}.png")
    article.refresh_from_db()
    assert len(article.image.name) <= 100 and images.stored_size(article.image.name) == (700, 350)
    img, _caption = lead_img(reader.get(article.get_absolute_url()))
    assert 'width="700" height="350"' in img and "480w" in img
