"""Static files, collected with the production storage, are served brotli-compressed by WhiteNoise."""

import brotli
import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.slow  # other processes or servers: make test-all

PRODUCTION_STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic as ``make serve`` runs it, into a folder of the test's own."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


def test_collectstatic_writes_brotli_files_and_a_reader_accepting_brotli_gets_them(collected, db):
    hashed = [path for path in (collected / "css").glob("site.*.css")]
    assert hashed, "the manifest storage writes hashed names"
    for path in hashed:
        assert path.with_name(path.name + ".br").exists()
        assert path.with_name(path.name + ".gz").exists()
    original = (collected / "css" / "site.css").read_bytes()
    assert brotli.decompress((collected / "css" / "site.css.br").read_bytes()) == original

    # One test, one collectstatic (it compresses the admin's files too: seconds).
    url = static("css/site.css")
    assert url != "/static/css/site.css"  # hashed: cacheable for ever
    client = Client()
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == (collected / "css" / "site.css").read_bytes()
    assert "immutable" in response["Cache-Control"]
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    # A coding named with q=0 is refused, not taken for its name.
    assert client.get(url, headers={"Accept-Encoding": "br;q=0, gzip"})["Content-Encoding"] == "gzip"
    refused = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in refused
    assert b"".join(refused.streaming_content) == original
