"""Production settings for tests: the values the settings module itself gives with DEBUG off.

``production_env()`` is the environment of a deployment behind the sample proxy
(deploy/Caddyfile). The settings module is imported once in a subprocess with it, and the
security settings it derives are applied to the test's settings, so tests exercise what
production runs rather than a copy of it.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

HOST = "sco.example.org"
ORIGIN = f"https://{HOST}"
EDITOR_IP = "198.51.100.20"  # the editor's own address, as the proxy appends it

PRODUCTION_SETTINGS = [
    "ALLOWED_HOSTS",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
    "CONTENT_SECURITY_POLICY",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "IPWARE_STRICT",
    "LOGIN_REDIRECT_URL",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "SITE_URL",
]


def production_env(**overrides):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": ORIGIN,
        "CSRF_TRUSTED_ORIGINS": ORIGIN,
        "TRUST_X_FORWARDED_PROTO": "true",
        "TRUSTED_PROXY_COUNT": "1",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True
    )


def settings_under(env, names):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def production_settings():
    values = settings_under(production_env(), PRODUCTION_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_settings):
    """This test runs with the production settings (set before the client's first request)."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def proxied(production):
    """A client whose requests arrive as the proxy forwards them: HTTPS, the site's host, the client's address."""
    return Client(headers={"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": EDITOR_IP})
