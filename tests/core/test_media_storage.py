"""Media on an S3-compatible bucket when configured, the local folder otherwise.

The bucket is moto's S3 server, started for this module on a free loopback port.
"""

import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image
from storages.backends.s3 import S3Storage

from core.media import images
from core.media.storage import media_url, storage_settings
from tests.core.test_images import upload_to_article
from tests.editors import image_bytes

BUCKET = "sco-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}


def test_without_configuration_media_stay_on_the_file_system():
    assert storage_settings({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_url(storage_settings({})) is None


def test_the_aws_variables_name_the_bucket_and_a_custom_domain_is_the_media_url():
    storage = storage_settings(
        {
            "AWS_STORAGE_BUCKET_NAME": "sco",
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
        }
    )
    assert storage["OPTIONS"]["bucket_name"] == "sco" and storage["OPTIONS"]["region_name"] == "eu-west-3"
    assert media_url(storage) == "https://media.example.org/"
    assert media_url(storage_settings({"AWS_STORAGE_BUCKET_NAME": "sco"})) == "https://sco.s3.amazonaws.com/"
    signed = storage_settings(
        {"AWS_STORAGE_BUCKET_NAME": "sco", "AWS_QUERYSTRING_AUTH": "true", "AWS_S3_ADDRESSING_STYLE": "virtual"}
    )
    assert signed["OPTIONS"]["querystring_auth"] is True and signed["OPTIONS"]["addressing_style"] == "virtual"


@pytest.mark.parametrize(
    "environ",
    [
        {"AWS_STORAGE_BUCKET_NAME": "sco-media", "AWS_S3_REGION_NAME": "eu-west-3"},
        {
            "AWS_STORAGE_BUCKET_NAME": "sco-media",
            "AWS_LOCATION": "site",
            "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "AWS_S3_REGION_NAME": "fr-par",
        },
        {
            "AWS_STORAGE_BUCKET_NAME": "sco-media",
            "AWS_S3_ENDPOINT_URL": "https://minio.example.net",
            "AWS_S3_ADDRESSING_STYLE": "virtual",
        },
        {"AWS_STORAGE_BUCKET_NAME": "sco-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.org", "AWS_LOCATION": "site"},
    ],
)
def test_the_media_url_is_where_the_storage_points_pages(environ):
    """MEDIA_URL (and the content security policy made from it) names the host of every media URL."""
    storage = storage_settings(environ)
    url = S3Storage(access_key="testing", secret_key="testing", **storage["OPTIONS"]).url("articles/a-1x1.png")
    assert url == f"{media_url(storage)}articles/a-1x1.png"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on loopback, with an empty bucket; its address."""
    pytest.importorskip("moto.server", reason="moto is not installed (make setup installs requirements-dev.txt)")
    import boto3

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto's S3 server did not start on port {port}")
                time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=BUCKET)
        # Readers fetch media straight from the bucket, as in production (README).
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield endpoint, client
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_media(s3_endpoint, settings):
    """Media go to the bucket for one test (the setting change resets ``default_storage``)."""
    endpoint, client = s3_endpoint
    storage = storage_settings(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": endpoint, "AWS_S3_REGION_NAME": "us-east-1"}
    )
    storage["OPTIONS"].update(access_key="testing", secret_key="testing", addressing_style="path")
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    assert type(default_storage._wrapped).__name__ != "S3Storage"  # not evaluated yet: it was reset
    return endpoint, client


@pytest.mark.slow  # moto's S3 server in another process: make test-all
def test_a_lead_image_and_its_renditions_go_to_the_bucket(s3_media, editor_client, content):
    endpoint, client = s3_media
    article = content["article"]
    response = upload_to_article(editor_client, article, image_bytes("PNG", size=(1200, 800)), "summit.png")
    assert response.status_code == 302
    article.refresh_from_db()
    name = article.image.name
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert re.fullmatch(r"articles/summit-1200x800(_\w+)?\.png", name)

    keys = {entry["Key"] for entry in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    expected = {name, *(images.rendition_name(name, width) for width in (images.THUMBNAIL_WIDTH, 480, 960))}
    assert expected <= keys
    stored = client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert Image.open(io.BytesIO(stored)).size == (1200, 800)

    page = Client().get(article.get_absolute_url()).content.decode()
    base = f"{endpoint}/{BUCKET}/"
    assert f'<img src="{base}{name}" srcset="{base}{images.rendition_name(name, 480)} 480w, ' in page
    assert f"{base}{images.rendition_name(name, 960)} 960w, {base}{name} 1200w" in page
    # The bucket serves what the page points at.
    with urllib.request.urlopen(f"{base}{images.rendition_name(name, 960)}") as served:
        assert Image.open(io.BytesIO(served.read())).size == (960, 640)


@pytest.mark.slow  # moto's S3 server in another process: make test-all
def test_two_uploads_with_one_name_do_not_overwrite_each_other_in_the_bucket(s3_media, editor_client, content):
    _endpoint, client = s3_media
    first, second = content["article"], content["draft_article"]
    for article, colour in ((first, "#ff0000"), (second, "#0000ff")):
        upload = io.BytesIO()
        Image.new("RGB", (300, 200), colour).save(upload, "PNG")
        assert upload_to_article(editor_client, article, upload.getvalue(), "photo.png").status_code == 302
        article.refresh_from_db()
    assert first.image.name != second.image.name
    for article, rgb in ((first, (255, 0, 0)), (second, (0, 0, 255))):
        body = client.get_object(Bucket=BUCKET, Key=article.image.name)["Body"].read()
        assert Image.open(io.BytesIO(body)).convert("RGB").getpixel((5, 5)) == rgb
