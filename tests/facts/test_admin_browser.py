"""In a real browser: an editor turns a passage of an article into a published fact."""

import pytest
from django.contrib.auth.models import Group

from facts.models import Fact
from tests.editors import PASSWORD, make_user

PASSAGE = "Belarus became the tenth member state of the organization"
STATEMENT = "Belarus is the SCO's tenth member state."

SELECT_PASSAGE = """([paragraph, passage]) => {
    // The paragraph's text nodes, less the numbers of facts citing it, as the editor reads them.
    const text = document.querySelectorAll(".passage-text")[paragraph];
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest(".cite-ref")) nodes.push(walker.currentNode);
    }
    function point(offset) {
        for (const node of nodes) {
            if (offset <= node.length) return [node, offset];
            offset -= node.length;
        }
    }
    const start = nodes.map((node) => node.textContent).join("").indexOf(passage);
    const range = document.createRange();
    range.setStart(...point(start));
    range.setEnd(...point(start + passage.length + 1));  // and the space after it, as a mouse would
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
}"""


def editors_group():
    """The migration's group; recreated if a transactional test before this one flushed it."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("core.migrations.0002_editors_group")
    if not Group.objects.filter(name=migration.GROUP).exists():
        migration.create_editors_group(apps, None)
    return Group.objects.get(name=migration.GROUP)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_creates_a_fact_from_a_passage_publishes_it_and_finds_it_public(
    live_server, restored_seed, page, content, tmp_path
):
    make_user("editor", staff=True, groups=[editors_group()])
    article = content["article"]

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-queues")
    page.screenshot(path=tmp_path / "1-index.png", full_page=True)

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.screenshot(path=tmp_path / "2-article.png", full_page=True)
    page.click("text=Cite a passage")
    page.wait_for_selector("#passage-body")

    page.evaluate(SELECT_PASSAGE, [1, PASSAGE])
    page.click("#use-selection")
    assert page.input_value("#id_quote") == PASSAGE
    page.fill("#id_statement", STATEMENT)
    page.screenshot(path=tmp_path / "3-cite.png", full_page=True)
    page.click("input[value='Cite this passage']")

    page.wait_for_selector("#fact_form")
    fact = Fact.objects.get(statement=STATEMENT)
    assert fact.citations.get().start == article.body.index(PASSAGE)
    assert "now cites this passage" in page.inner_text(".messagelist")
    page.select_option("#id_status", "published")
    page.screenshot(path=tmp_path / "4-fact.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.screenshot(path=tmp_path / "5-facts.png", full_page=True)
    fact.refresh_from_db()
    assert fact.status == "published"

    page.goto(f"{live_server.url}/facts/")
    assert STATEMENT in page.inner_text("body")
    page.goto(f"{live_server.url}{fact.get_absolute_url()}")
    assert STATEMENT in page.inner_text("body")
    assert PASSAGE in page.inner_text("body")
    page.screenshot(path=tmp_path / "6-public-fact.png", full_page=True)
