"""Production behind the TLS proxy: settings from the environment, the deploy check, the admin through the proxy."""

import os
import re
import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from articles.models import Outlet
from tests.editors import PASSWORD

from .conftest import EDITOR_IP, HOST, ORIGIN, manage, production_env, run_python, settings_under

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # another process: make test-all
def test_the_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow  # another process: make test-all
def test_the_deploy_check_names_a_missing_https_redirect():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(SECURE_SSL_REDIRECT="false"))
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_production_settings_come_from_the_environment(production_settings):
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production_settings["CSRF_TRUSTED_ORIGINS"] == [ORIGIN]
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] == 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_HSTS_PRELOAD"] is False
    assert production_settings["SESSION_COOKIE_SECURE"] is production_settings["CSRF_COOKIE_SECURE"] is True
    # One proxy appends the client's address: the last entry of X-Forwarded-For is the client.
    assert production_settings["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert production_settings["AXES_IPWARE_PROXY_COUNT"] == 0
    assert production_settings["IPWARE_STRICT"] is False
    assert production_settings["SITE_URL"] == ORIGIN


def test_options_of_the_environment_change_the_settings():
    names = ["SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS", "SESSION_COOKIE_SECURE", "AXES_IPWARE_PROXY_COUNT"]
    env = production_env(SECURE_HSTS_PRELOAD="true", SECURE_COOKIES="false", TRUSTED_PROXY_COUNT="2")
    assert settings_under(env, names) == {
        "SECURE_HSTS_PRELOAD": True,
        "SILENCED_SYSTEM_CHECKS": [],
        "SESSION_COOKIE_SECURE": False,
        "AXES_IPWARE_PROXY_COUNT": 1,
    }


def test_development_defaults_need_no_environment():
    env = production_env(DEBUG=None, SECRET_KEY=None, ALLOWED_HOSTS=None, SITE_URL=None, TRUST_X_FORWARDED_PROTO=None)
    env.update(TRUSTED_PROXY_COUNT="0", CSRF_TRUSTED_ORIGINS="")
    names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "AXES_IPWARE_META_PRECEDENCE_ORDER"]
    assert settings_under(env, names) == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
    }


@pytest.mark.slow  # another process: make test-all
@pytest.mark.parametrize("key", ["abc", "x" * 64, "ab" * 40, "django-insecure-" + "k3y!" * 20])
def test_a_weak_secret_key_is_refused_at_start_up(key):
    result = run_python("from django.conf import settings; settings.DEBUG", production_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be at least 50 random characters" in result.stderr


@pytest.mark.slow  # another process: make test-all
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SITE_URL": None}, "SITE_URL must be set in the environment when DEBUG is off"),
        ({"SITE_URL": "https://sco.example.org/reference"}, "SITE_URL must be a scheme and a host"),
        ({"SITE_URL": "sco.example.org"}, "SITE_URL must be a scheme and a host"),
        ({"SITE_URL": "https://other.example.org"}, "SITE_URL's host must be one of ALLOWED_HOSTS (sco.example.org)"),
        ({"SITE_URL": "http://sco.example.org"}, "SITE_URL must start with https:// when SECURE_SSL_REDIRECT is on"),
    ],
    ids=["missing", "a path", "no scheme", "not an allowed host", "plain http"],
)
def test_a_missing_or_unsound_site_url_stops_the_start(overrides, message):
    result = run_python("from django.conf import settings; settings.DEBUG", production_env(**overrides))
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


@pytest.mark.slow  # another process: make test-all
@pytest.mark.parametrize(
    ("name", "value", "minimum"),
    [("FIXTURE_BACKUPS_KEPT", "abc", 0), ("SOURCE_CHECK_PER_HOST", "0", 1), ("SOURCE_FETCH_READ_TIMEOUT", "-1", 0.1)],
)
def test_a_number_that_is_not_one_stops_the_start_naming_its_variable(name, value, minimum):
    result = run_python("from django.conf import settings; settings.DEBUG", production_env(**{name: value}))
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be a number of at least {minimum}, not '{value}'." in result.stderr


@pytest.mark.slow  # another process: make test-all
def test_a_long_random_secret_key_is_accepted():
    result = run_python("from django.conf import settings; settings.DEBUG", production_env())
    assert result.returncode == 0, result.stderr


def csrf_token(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    return response.cookies["csrftoken"].value


def test_admin_login_and_a_post_succeed_through_the_proxy(production, editor):
    """Secure cookies, the Origin of the site, the scheme from X-Forwarded-Proto: no 403 on the way."""
    proxy_headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": EDITOR_IP, "Origin": ORIGIN}
    client = Client(enforce_csrf_checks=True, headers=proxy_headers)
    login_url = reverse("admin:login")
    token = csrf_token(client, login_url)
    response = client.post(login_url, {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == reverse("admin:index")
    assert response.cookies["sessionid"]["secure"] and response.cookies["csrftoken"]["secure"]

    add_url = reverse("admin:articles_outlet_add")
    token = csrf_token(client, add_url)
    data = {"name": "Xinhua", "slug": "xinhua", "kind": "news_agency", "csrfmiddlewaretoken": token}
    data |= {"aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0}  # the inline of the outlet's other names
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Outlet.objects.get(slug="xinhua").name == "Xinhua"


@pytest.mark.parametrize(
    ("forwarded_proto", "trusted_origins", "status"),
    [(False, [], 403), (True, [], 302), (False, [ORIGIN], 302)],
    ids=["neither (as before)", "the forwarded scheme", "a trusted origin"],
)
def test_an_admin_post_passes_the_origin_check_with_the_forwarded_scheme_or_a_trusted_origin(
    production, editor, caplog, forwarded_proto, trusted_origins, status
):
    production.SECURE_SSL_REDIRECT = False  # to reach the check over plain HTTP at all
    production.CSRF_TRUSTED_ORIGINS = trusted_origins
    headers = {"Host": HOST, "Origin": ORIGIN} | ({"X-Forwarded-Proto": "https"} if forwarded_proto else {})
    client = Client(enforce_csrf_checks=True, headers=headers)
    login_url = reverse("admin:login")
    token = csrf_token(client, login_url)
    response = client.post(login_url, {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == status
    if status == 403:
        assert b"The form could not be sent" in response.content
        assert f"Origin checking failed - {ORIGIN} does not match any trusted origins" in caplog.text


def test_a_trusted_origin_is_accepted_when_the_proxy_rewrites_the_host(production, editor):
    client = Client(enforce_csrf_checks=True, headers={"Host": "127.0.0.1:8000", "X-Forwarded-Proto": "https"})
    production.ALLOWED_HOSTS = [HOST, "127.0.0.1"]
    login_url = reverse("admin:login")
    token = csrf_token(client, login_url)
    data = {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post(login_url, data, headers={"Origin": ORIGIN}).status_code == 302
    assert client.post(login_url, data, headers={"Origin": "https://evil.example"}).status_code == 403


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_an_unsafe_next_after_login_lands_on_the_admin_index(proxied, editor, unsafe):
    response = proxied.post(
        reverse("admin:login") + "?next=" + unsafe, {"username": "editor", "password": PASSWORD, "next": unsafe}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert proxied.get(response["Location"]).status_code == 200


def test_a_safe_next_is_followed(proxied, editor):
    target = reverse("admin:articles_article_changelist")
    response = proxied.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_the_sample_proxy_configuration_serves_media_as_inert_files():
    from django.conf import settings

    caddyfile = (settings.BASE_DIR / "deploy" / "Caddyfile").read_text()
    media = re.search(r"handle_path /media/\* \{(.*?)\n\t\}", caddyfile, re.DOTALL).group(1)
    assert 'X-Content-Type-Options "nosniff"' in media
    assert "Content-Security-Policy \"default-src 'none'\"" in media
    assert "file_server" in media
    assert "reverse_proxy 127.0.0.1:8000" in caddyfile


def test_the_sample_proxy_configuration_never_compresses_the_admin():
    """BREACH: the admin's pages hold CSRF tokens; the proxy's only ``encode`` excludes them."""
    caddyfile = (django_settings.BASE_DIR / "deploy" / "Caddyfile").read_text()
    encodes = re.findall(r"^\s*encode\b(.*)$", caddyfile, re.MULTILINE)
    assert encodes == [" @compressible zstd gzip"]
    [matcher] = re.findall(r"^\s*@compressible\s+(.*)$", caddyfile, re.MULTILINE)
    assert matcher.split() == ["not", "path", "/admin", "/admin/*"]
    assert reverse("admin:index") == "/admin/"


@pytest.mark.slow  # another process: make test-all
@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed (apt-get install caddy)")
def test_caddy_accepts_the_sample_proxy_configuration(tmp_path):
    caddyfile = django_settings.BASE_DIR / "deploy" / "Caddyfile"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        ["caddy", "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_images_from_the_media_bucket_are_allowed_by_the_policy():
    env = production_env(AWS_STORAGE_BUCKET_NAME="sco-media", AWS_S3_CUSTOM_DOMAIN="media.example.org")
    policy = settings_under(env, ["CONTENT_SECURITY_POLICY"])["CONTENT_SECURITY_POLICY"]
    assert policy["img-src"] == "'self' https://media.example.org"
    assert policy["script-src"] == "'self'"
