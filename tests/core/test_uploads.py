"""Uploads never give a server error: every file is stored re-encoded or refused with a reason."""

import io
import logging
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory
from PIL import Image, ImageCms, ImageFile

from articles.models import Article
from core.media import images
from core.media.uploads import RequestSizeLimitMiddleware
from tests.core.test_images import image_errors, upload_to_article
from tests.editors import image_bytes

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def article(content):
    return content["article"]


def stored(article):
    """The stored image of ``article`` (fresh from the database), opened, and its bytes."""
    article.refresh_from_db()
    with default_storage.open(article.image.name, "rb") as file:
        data = file.read()
    return Image.open(io.BytesIO(data)), data


def png_16_bit(width, height, value):
    """A 16-bit greyscale PNG written chunk by chunk, every sample ``value`` (0–65535)."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + struct.pack(">H", value) * width
    header = struct.pack(">IIBBBBB", width, height, 16, 0, 0, 0, 0)
    pixels = zlib.compress(row * height)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_multi_picture_jpeg_is_stored_as_a_jpeg_of_its_first_picture(editor_client, article):
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (400, 300), "#c00000"), Image.new("RGB", (400, 300), "#0000c0")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert Image.open(buffer).format == "MPO"

    assert upload_to_article(editor_client, article, buffer.getvalue(), name="stereo.jpg").status_code == 302
    image, data = stored(article)
    assert article.image.name.startswith("articles/stereo-400x300") and article.image.name.endswith(".jpg")
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (400, 300), 1)
    red, green, blue = image.getpixel((200, 150))
    assert red > 180 and green < 40 and blue < 40
    assert b"MPF" not in data  # the multi-picture index went with the second picture


def test_a_cmyk_jpeg_is_stored_as_rgb_in_its_colours(editor_client, article):
    cmyk = io.BytesIO()
    red_ink = Image.new("CMYK", (320, 240), (0, 255, 255, 0))
    red_ink.save(cmyk, "JPEG", quality=95, icc_profile=b"a CMYK profile, meaningless for RGB")
    assert upload_to_article(editor_client, article, cmyk.getvalue(), name="print.jpg").status_code == 302
    image, _data = stored(article)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (320, 240))
    red, green, blue = image.getpixel((10, 10))
    assert red > 230 and green < 30 and blue < 30
    assert "icc_profile" not in image.info


def test_an_rgb_colour_profile_is_kept(editor_client, article):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upload = image_bytes("JPEG", size=(320, 240), icc_profile=srgb)
    assert upload_to_article(editor_client, article, upload, name="profiled.jpg").status_code == 302
    image, _data = stored(article)
    assert image.info["icc_profile"] == srgb


def test_a_16_bit_png_is_stored_scaled_to_8_bits_not_clipped_to_white(editor_client, article):
    upload = png_16_bit(200, 100, 0x8000)
    assert Image.open(io.BytesIO(upload)).mode == "I;16"
    assert upload_to_article(editor_client, article, upload, name="scan.png").status_code == 302
    image, _data = stored(article)
    assert (image.format, image.mode, image.size) == ("PNG", "L", (200, 100))
    assert image.getextrema() == (128, 128)


def test_a_png_with_html_appended_is_stored_without_it(editor_client, article):
    """A polyglot is defused by the re-encoding: only the pixels reach the storage, served as image/png."""
    upload = image_bytes("PNG", size=(300, 200)) + HTML
    assert upload_to_article(editor_client, article, upload, name="polyglot.png").status_code == 302
    image, data = stored(article)
    assert (image.format, image.size) == ("PNG", (300, 200))
    assert b"<script" not in data and b"<html" not in data and data.endswith(b"IEND\xaeB`\x82")


def test_a_jpeg_with_html_in_its_comment_is_stored_without_it(editor_client, article):
    upload = image_bytes("JPEG", size=(300, 200), comment=HTML)
    assert HTML in upload
    assert upload_to_article(editor_client, article, upload, name="comment.jpg").status_code == 302
    image, data = stored(article)
    assert image.format == "JPEG" and "comment" not in image.info
    assert b"<script" not in data


@pytest.mark.parametrize(
    ("name", "upload", "error"),
    [
        ("anim.gif", image_bytes("GIF", mode="L"), images.NOT_AN_IMAGE),
        ("scan.tiff", image_bytes("TIFF"), images.NOT_AN_IMAGE),
        ("icon.bmp", image_bytes("BMP"), images.NOT_AN_IMAGE),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', images.NOT_AN_IMAGE),
        ("page.png", b"\x89PNG\r\n\x1a\n" + HTML, images.NOT_AN_IMAGE),
        ("page.jpg", b"\xff\xd8\xff\xe0" + HTML, images.DAMAGED),
        ("cut.png", image_bytes("PNG", size=(300, 200))[:-200], images.DAMAGED),
        ("empty.jpg", b"", "The submitted file is empty."),
    ],
    ids=["gif", "tiff", "bmp", "svg", "html-with-png-magic", "html-with-jpeg-magic", "truncated-png", "empty"],
)
def test_a_file_that_is_no_allowed_image_is_refused_and_nothing_stored(editor_client, article, name, upload, error):
    response = upload_to_article(editor_client, article, upload, name=name)
    assert image_errors(response) == [error]
    assert Article.objects.get(pk=article.pk).image == ""


def test_an_unexpected_failure_while_decoding_is_a_refusal_and_is_logged(editor_client, article, monkeypatch, caplog):
    def crash(self):
        raise RuntimeError("a decoder bug")

    monkeypatch.setattr(ImageFile.ImageFile, "load", crash)
    with caplog.at_level(logging.WARNING, logger="core.media.images"):
        response = upload_to_article(editor_client, article, image_bytes(), name="photo.jpg")
    assert image_errors(response) == [images.DAMAGED]
    [record] = [record for record in caplog.records if record.name == "core.media.images"]
    assert record.exc_info[1].args == ("a decoder bug",)


def test_an_oversized_body_is_answered_413_and_the_article_is_unchanged(editor_client, article, settings):
    upload = b"\xff\xd8\xff\xe0" + b"\0" * settings.MAX_REQUEST_BYTES
    response = upload_to_article(editor_client, article, upload, name="huge.jpg")
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Request too large: this site accepts at most 6 MB at once")
    assert "Images may be at most 5 MB." in response.content.decode()
    assert Article.objects.get(pk=article.pk).image == ""


class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_the_size_limit_answers_from_the_declared_length_without_reading_the_body(settings):
    settings.MAX_REQUEST_BYTES = 1000
    passed = []
    middleware = RequestSizeLimitMiddleware(lambda request: passed.append(request) or "the view's response")
    factory = RequestFactory()

    def post(length):
        request = factory.generic("POST", "/admin/", content_type="multipart/form-data; boundary=x")
        request.META.update({"CONTENT_LENGTH": length, "wsgi.input": UnreadableBody()})
        return middleware(request)

    assert post("1001").status_code == 413
    assert post(str(30 * 1024 * 1024)).status_code == 413
    assert passed == []
    assert post("1000") == "the view's response"
    assert post("not a number") == "the view's response"  # Django reads no body then
    assert len(passed) == 2
