"""In Chromium, under the site's Content-Security-Policy: no page has anything refused, and scripts still run."""

import pytest

from tests.editors import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_public_and_admin_pages_break_no_rule_of_the_policy(live_server, restored_seed, page, content):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    make_user("root", superuser=True)
    article, fact = content["article"], content["fact"]
    url = live_server.url

    for path in ("/", article.get_absolute_url(), fact.get_absolute_url(), "/search/?q=Belarus"):
        response = page.goto(url + path)
        assert "default-src 'none'" in response.headers["content-security-policy"]

    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-queues")
    for path in (f"articles/article/{article.pk}/change/", f"facts/fact/{fact.pk}/change/", "facts/fact/add/"):
        page.goto(f"{url}/admin/{path}")
        page.wait_for_load_state("load")
    # The autocomplete widget (select2) opens and asks the server for choices.
    page.locator(".field-countries .select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")

    page.goto(f"{url}/admin/articles/article/{article.pk}/cite/")
    assert page.is_visible("#use-selection"), "the page's script ran"
    assert page.evaluate("getComputedStyle(document.getElementById('passage-body')).overflowY") == "auto"
    assert violations == []
