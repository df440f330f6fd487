"""Admin login lockout behind the proxy: per username and client address, the address as the proxy saw it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.editors import PASSWORD

from .conftest import EDITOR_IP

pytestmark = pytest.mark.django_db

ATTACKER_IP = "203.0.113.9"


def log_in(client, password, *, client_ip, sent_by_client=None):
    """A login as the proxy forwards it: it appends the address it was connected from."""
    forwarded_for = f"{sent_by_client}, {client_ip}" if sent_by_client else client_ip
    url = reverse("admin:login")
    return client.post(url, {"username": "editor", "password": password}, headers={"X-Forwarded-For": forwarded_for})


def test_a_flood_of_failures_from_other_addresses_does_not_lock_the_editor_out(proxied, editor):
    for attacker in range(3):  # three addresses locked out for good measure...
        statuses = [log_in(proxied, "wrong", client_ip=f"203.0.113.{attacker}").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
    for attacker in range(10, 40):  # ...and thirty more, one failure each
        assert log_in(proxied, "wrong", client_ip=f"203.0.113.{attacker}").status_code == 200
    assert AccessAttempt.objects.filter(username="editor").count() == 33

    response = log_in(proxied, PASSWORD, client_ip=EDITOR_IP)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert proxied.get(reverse("admin:index")).status_code == 200


def test_rotating_x_forwarded_for_gains_nothing(proxied, editor):
    """Five failures with a different made-up address each still lock the client's real address out."""
    statuses = [
        log_in(proxied, "wrong", client_ip=ATTACKER_IP, sent_by_client=f"10.0.0.{i}, 192.0.2.{i}").status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    attempt = AccessAttempt.objects.get(username="editor")
    assert (attempt.ip_address, attempt.failures_since_start) == (ATTACKER_IP, 5)

    locked = log_in(proxied, PASSWORD, client_ip=ATTACKER_IP, sent_by_client=EDITOR_IP)
    assert locked.status_code == 429, "even the right password, even claiming the editor's address"
    assert log_in(proxied, PASSWORD, client_ip=EDITOR_IP).status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, editor, settings):
    """Straight to the app (development): the client is REMOTE_ADDR, whatever it writes in the header."""
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    for i in range(5):
        log_in(client, "wrong", client_ip=f"198.51.100.{i}")
    assert AccessAttempt.objects.get(username="editor").ip_address == "127.0.0.1"
