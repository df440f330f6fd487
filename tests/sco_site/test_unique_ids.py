"""Every kind of public page names each element once: no id twice (a marker's popover, a
preview), no form with an empty ``action``, one labelled search landmark. A fast check; the
Nu checker's and axe-core's runs in ``test_accessibility_browser.py`` are the whole one."""

from collections import Counter

from django.test import Client

from tests.pages import parse
from tests.sco_site.test_accessibility_browser import public_pages


def test_no_public_page_repeats_an_id_or_leaves_a_form_without_action(seed):
    client = Client()
    repeated, empty_actions, searches, markers = {}, {}, {}, 0
    for name, url in public_pages().items():
        page = parse(client.get(url))
        ids = Counter(attrs["id"] for _, attrs in page.tags if attrs.get("id"))
        repeated[name] = sorted(key for key, count in ids.items() if count > 1)
        empty_actions[name] = sum(1 for tag, attrs in page.tags if tag == "form" and not attrs.get("action"))
        searches[name] = [attrs.get("aria-label") for _, attrs in page.tags if attrs.get("role") == "search"]
        markers += sum(1 for _, attrs in page.tags if "popovertarget" in attrs)
    assert repeated == {name: [] for name in repeated}
    assert empty_actions == {name: 0 for name in empty_actions}
    assert searches == {name: ["Site"] for name in searches}  # one search landmark, labelled
    assert markers > 100  # the provenance markers whose ids are checked
