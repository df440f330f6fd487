"""Lead images: only real, reasonably sized rasters; stored without metadata; renditions made once."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from core.media import images
from events.models import Event
from tests.editors import admin_form_data, image_bytes

IMAGE_TEXT = {
    "image_alt": "Leaders on stage",
    "image_credit": "Photo: Example Agency",
    "image_rights": "Used with permission",
}


def upload_to_article(client, article, content, name="photo.jpg", **fields):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data.update({**IMAGE_TEXT, **fields, "image": SimpleUploadedFile(name, content)})
    return client.post(url, data)


def image_errors(response):
    assert response.status_code == 200, "the upload should have been refused with a form error"
    return response.context["adminform"].form.errors.get("image", [])


def jpeg_with_metadata():
    image = Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0132] = "2024:07:04 10:00:00"  # DateTime
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "E", 4: (71.0, 26.0, 0.0)})  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"secret location note")
    return buffer.getvalue()


@pytest.fixture
def article(content):
    return content["article"]


def test_a_text_file_renamed_png_is_refused(editor_client, article):
    response = upload_to_article(editor_client, article, b"just some text, not pixels\n" * 20, name="notes.png")
    assert image_errors(response) == ["The file is not a JPEG, PNG or WebP image."]


def test_a_gif_is_refused_even_though_pillow_reads_it(editor_client, article):
    response = upload_to_article(editor_client, article, image_bytes("GIF", mode="L"), name="anim.gif")
    assert image_errors(response) == ["The file is not a JPEG, PNG or WebP image."]


def test_a_truncated_jpeg_is_refused(editor_client, article):
    whole = jpeg_with_metadata()
    response = upload_to_article(editor_client, article, whole[: len(whole) // 2])
    assert image_errors(response) == ["The image is damaged or incomplete and cannot be read."]


@pytest.mark.slow  # builds a huge hostile image: make test-all
def test_an_image_over_the_size_cap_is_refused(editor_client, article):
    """(A body far over the cap gets no further than the request-size limit: test_uploads.py.)"""
    side = 1350
    noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert images.MAX_UPLOAD_BYTES < buffer.tell() < settings.MAX_REQUEST_BYTES - 100_000
    response = upload_to_article(editor_client, article, buffer.getvalue(), name="big.png")
    [error] = image_errors(response)
    assert error.startswith("The file is 5.") and error.endswith("at most 5 MB are accepted.")


@pytest.mark.slow  # builds a huge hostile image: make test-all
def test_a_decompression_bomb_is_refused(editor_client, article):
    bomb = image_bytes("PNG", size=(10_000, 10_000), mode="1")
    assert len(bomb) < 100_000
    response = upload_to_article(editor_client, article, bomb, name="bomb.png")
    assert image_errors(response) == ["The image declares more pixels than are accepted (a decompression bomb)."]


@pytest.mark.slow  # builds a huge hostile image: make test-all
def test_an_image_over_the_pixel_cap_is_refused(editor_client, article):
    response = upload_to_article(editor_client, article, image_bytes("PNG", size=(6000, 4500), mode="1"), "wide.png")
    assert image_errors(response) == ["The image is 6000 × 4500 pixels; at most 24 megapixels are accepted."]


def test_an_image_needs_alt_text_credit_and_rights(editor_client, article):
    response = upload_to_article(editor_client, article, image_bytes(), image_credit="")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "An image needs alt text, a credit and its usage rights."
    ]


def test_a_stored_upload_carries_no_exif_gps_or_comment(editor_client, article):
    original = jpeg_with_metadata()
    assert Image.open(io.BytesIO(original)).getexif()  # the upload does carry them
    response = upload_to_article(editor_client, article, original)
    assert response.status_code == 302
    article.refresh_from_db()
    with default_storage.open(article.image.name, "rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.size == (800, 600)
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info
    assert b"Exif" not in data and b"secret location" not in data and b"SpyCam" not in data


def test_renditions_are_made_once_when_the_image_is_saved(editor_client, article):
    upload_to_article(editor_client, article, image_bytes("PNG", size=(1200, 800)), name="summit.png")
    article.refresh_from_db()
    assert article.image.name.startswith("articles/summit") and article.image.name.endswith(".png")
    assert images.renditions(article.image) == [480, 960]
    with default_storage.open(images.rendition_name(article.image.name, 960), "rb") as rendition:
        assert Image.open(rendition).size == (960, 640)
    assert images.thumbnail_url(article.image).endswith("-160w.webp")

    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert f'src="{images.thumbnail_url(article.image)}"' in changelist.content.decode()

    # Saving the article again without a new image does not redo them.
    name = images.rendition_name(article.image.name, 480)
    before = default_storage.get_modified_time(name)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client.get(url))
    data["summary"] = "Edited."
    assert editor_client.post(url, data).status_code == 302
    assert default_storage.get_modified_time(name) == before


def test_an_event_image_goes_through_the_same_checks(editor_client, content):
    event = content["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(editor_client.get(url))
    data.update({**IMAGE_TEXT, "image": SimpleUploadedFile("hall.webp", image_bytes("WEBP", size=(500, 300)))})
    assert editor_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert Image.open(event.image).format == "WEBP"
    data = admin_form_data(editor_client.get(url))
    data.update({**IMAGE_TEXT, "image": SimpleUploadedFile("fake.jpg", b"GIF89a not really")})
    assert image_errors(editor_client.post(url, data)) == ["The file is not a JPEG, PNG or WebP image."]
    assert Event.objects.get(pk=event.pk).image.name == event.image.name


def test_the_upload_field_says_what_it_accepts(editor_client, article):
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert "at most 5 MB and 24 megapixels" in html
    assert Article.objects.filter(image="").count() == Article.objects.count()


def test_renditions_can_be_made_for_images_that_came_without_the_admin(editor_client, article):
    article.image = images.clean_upload(SimpleUploadedFile("fixture.png", image_bytes("PNG", size=(1000, 500))))
    article.image_alt, article.image_credit, article.image_rights = "alt", "credit", "rights"
    article.save()
    assert images.renditions(article.image) == []
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "make_renditions", "_selected_action": [article.pk], "index": "0"},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == ["Made the renditions of 1 image(s)."]
    assert images.renditions(article.image) == [480, 960]


def test_clearing_the_image_removes_it_from_the_article(editor_client, article):
    assert upload_to_article(editor_client, article, image_bytes()).status_code == 302
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(editor_client.get(url))
    data["image-clear"] = "on"
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert not article.image
