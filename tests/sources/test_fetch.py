"""The safe fetcher: what it fetches, and each thing it refuses, with its reason."""

import socket
from urllib.parse import urlsplit

import pytest

from sources import fetch as fetching
from sources.fetch import FetchError, fetch, refused_address


def test_a_page_is_fetched_with_its_type_charset_and_access_date(web):
    fetched = fetch(web.url("/news/belarus"))
    assert (fetched.status, fetched.content_type, fetched.charset) == (200, "text/html", "utf-8")
    assert b"Belarus became the tenth member state" in fetched.body
    assert fetched.final_url == fetched.url and fetched.accessed_at is not None


def test_redirects_are_followed_and_the_final_address_recorded(web):
    fetched = fetch(web.url("/old/belarus"))
    assert (fetched.url, fetched.final_url) == (web.url("/old/belarus"), web.url("/news/belarus"))


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("169.254.169.254", "a link-local (metadata) address"),
        ("fe80::1", "a link-local (metadata) address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("100.64.0.1", "a reserved address"),
        ("0.0.0.0", "a reserved address"),
        ("240.0.0.1", "a reserved address"),
        ("93.184.215.14", ""),
    ],
)
def test_addresses_other_than_public_ones_are_refused(address, reason):
    assert refused_address(address) == reason


def test_a_name_resolving_to_a_loopback_address_is_refused_after_resolution(web, settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError, match=r"localhost resolves to .*loopback address: not fetched") as refused:
        fetch(web.url("/news/belarus", host="localhost"))
    assert refused.value.kind == "address"
    assert web.requests == []


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/", "http://127.0.0.2:{port}/"]
)
def test_a_redirect_to_a_private_address_is_refused(web, settings, monkeypatch, target):
    """The local server stands for a public web (its address alone passes the check); the
    redirect it answers is checked again, after resolution, and refused before any connection."""
    settings.SOURCE_FETCH_ALLOW_PRIVATE = False
    real = fetching.refused_address
    monkeypatch.setattr(fetching, "refused_address", lambda a: "" if a == "127.0.0.1" else real(a))
    web.redirect("/to-private", target.format(port=web.port))
    with pytest.raises(FetchError, match="not fetched") as refused:
        fetch(web.url("/to-private"))
    assert refused.value.kind == "address"
    assert web.requests == [(f"127.0.0.1:{web.port}", "/to-private")]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pw@example.org/",
        "http://127.0.0.1:99999/x",  # a port out of range
        "http://[::1/x",  # a malformed IPv6 host
    ],
)
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(FetchError) as refused:
        fetch(url)
    assert refused.value.kind == "scheme"


def test_too_large_is_refused_whether_declared_or_not(web, settings):
    settings.SOURCE_FETCH_MAX_BYTES = 1000
    web.page("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="more than the limit of 1,000") as refused:
        fetch(web.url("/big"))
    assert refused.value.kind == "size"
    web.page("/undeclared", b"y" * 5000, **{"Content-Length": None})
    with pytest.raises(FetchError, match="larger than the limit of 1,000 bytes") as refused:
        fetch(web.url("/undeclared"))
    settings.SOURCE_FETCH_MAX_BYTES = 5000
    assert fetch(web.url("/undeclared")).body == b"y" * 5000


def test_a_type_outside_the_allow_list_is_refused(web):
    web.page("/image", b"\x89PNG", content_type="image/png")
    with pytest.raises(FetchError, match="“image/png”: only HTML, XHTML, PDF and plain text") as refused:
        fetch(web.url("/image"))
    assert refused.value.kind == "type"


def test_a_slow_page_times_out(web, settings):
    settings.SOURCE_FETCH_TIMEOUT = (1, 0.3)
    web.slow["/news/belarus"] = 1.5
    with pytest.raises(FetchError, match="did not answer in time") as refused:
        fetch(web.url("/news/belarus"))
    assert refused.value.kind == "timeout"


def test_a_page_dripping_in_is_cut_off_at_the_deadline(web, settings):
    """Each byte comes within the read timeout, but the whole does not come in time."""
    settings.SOURCE_FETCH_TIMEOUT = (0.5, 0.2)
    web.page("/drip", b"x" * 200)
    web.drip["/drip"] = 0.05
    with pytest.raises(FetchError, match="arriving too slowly") as refused:
        fetch(web.url("/drip"))
    assert refused.value.kind == "timeout"


def test_an_error_status_and_a_redirect_loop_are_refused(web):
    with pytest.raises(FetchError, match="answered 404") as refused:
        fetch(web.url("/nowhere"))
    assert (refused.value.kind, refused.value.status) == ("status", 404)
    web.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="More than 5 redirects") as refused:
        fetch(web.url("/loop"))


def test_an_unknown_name_is_a_dns_failure():
    with pytest.raises(FetchError, match="could not be resolved") as refused:
        fetch("http://no-such-host.invalid/")
    assert refused.value.kind == "dns"


def test_a_refused_connection_is_not_called_a_timeout(settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchError, match="could not be reached") as refused:
        fetch(f"http://127.0.0.1:{port}/")
    assert refused.value.kind == "connection"


def test_allowing_private_addresses_is_refused_in_production(monkeypatch):
    import subprocess
    import sys

    env = {
        "DEBUG": "false",
        "SOURCE_FETCH_ALLOW_PRIVATE": "true",
        "SECRET_KEY": "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
        "ALLOWED_HOSTS": "sco.example.org",
        "SITE_URL": "https://sco.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import sco_site.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SOURCE_FETCH_ALLOW_PRIVATE must stay off when DEBUG is off" in result.stderr


def test_the_connection_goes_to_the_address_checked_with_the_name_in_host(web, monkeypatch):
    """The name is resolved once; the connection is made to that address, the name sent in Host."""
    lookups = []
    real = fetching.resolve
    monkeypatch.setattr(fetching, "resolve", lambda host, port: lookups.append(host) or real(host, port))
    fetched = fetch(web.url("/news/belarus", host="localhost"))
    assert fetched.status == 200 and lookups == ["localhost"]
    assert web.requests == [(f"localhost:{web.port}", "/news/belarus")]


def test_https_is_verified_against_the_name_while_connecting_to_the_address():
    pool = fetching._pool(urlsplit("https://news.example/a"), 443, "93.184.215.14", 5)
    assert (pool.host, pool.conn_kw["server_hostname"], pool.assert_hostname, pool.cert_reqs) == (
        "93.184.215.14", "news.example", "news.example", "CERT_REQUIRED",
    )  # fmt: skip
