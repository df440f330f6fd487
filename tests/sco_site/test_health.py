"""/healthz: 200 while the database answers (degraded without the cache), 503 otherwise; never cached."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from sco_site import health

pytestmark = pytest.mark.django_db


def assert_never_cached(response):
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"} <= directives
    assert "Expires" in response


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert_never_cached(response)


def test_a_probe_by_ip_address_over_plain_http_is_answered(production):
    """No 400 for a Host outside ALLOWED_HOSTS, no redirect to HTTPS."""
    response = Client(headers={"Host": "10.0.0.5:8000"}).get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"
    assert Client(headers={"Host": "10.0.0.5:8000"}).get("/").status_code == 400


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


class ForgetfulCache:
    def set(self, key, value, timeout):
        pass

    def get(self, key):
        return None

    def delete(self, key):
        pass


def test_a_database_that_does_not_answer_is_a_503(client, monkeypatch, caplog):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}
    assert_never_cached(response)
    assert "the database does not answer: OperationalError: connection to server" in caplog.text


def test_a_cache_that_does_not_answer_is_degraded_not_down(client, monkeypatch):
    """The host stays in the load balancer: pages are served uncached."""
    monkeypatch.setattr(health, "cache", ForgetfulCache())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "database": "ok", "cache": "error"}
    assert_never_cached(response)
