"""In a real browser, the editors' whole round: a new article, two passages cited, a fact
refused while its only source is a draft, the article and its facts published together,
an edit, its diff and its revert, and the reverted text on the public page."""

import re

import pytest

from articles.models import Article
from facts.models import Fact
from tests.editors import PASSWORD, make_user
from tests.facts.test_admin_browser import editors_group

BODY = (
    "The foreign ministers of the SCO met in Tianjin in July.\n"
    "They agreed that Laos would become a dialogue partner of the organization.\n"
    "The heads of state will meet in Bishkek next year."
)
FIRST = "They agreed that Laos would become a dialogue partner of the organization."
SECOND = "The heads of state will meet in Bishkek next year."
STATEMENT = "SCO foreign ministers agreed that Laos would become a dialogue partner."
EDITED = "SCO foreign ministers agreed to make Laos a dialogue partner."


def cite(page, quote, statement, button):
    page.fill("#id_quote", quote)
    page.fill("#id_statement", statement)
    page.click(f"input[value='{button}']")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cite_publish_together_edit_diff_revert_and_read_it_on_the_site(live_server, restored_seed, page, tmp_path):
    make_user("editor", staff=True, groups=[editors_group()])
    base = live_server.url

    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#curation-queues")

    # A new article, a draft: typed, with its date at the precision the source gives.
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title", "Laos to join as a dialogue partner")  # the slug follows the title
    page.fill("#id_body", BODY)
    page.fill("#id_published_on", "July 2025")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(slug="laos-to-join-as-a-dialogue-partner")
    assert (article.status, article.published_precision, article.published_on.isoformat()) == (
        "draft",
        "month",
        "2025-07-01",
    )

    # Two passages cited, the second with "Save and publish": refused, its source is a draft.
    page.click("text=Cite a passage")
    page.wait_for_selector("#passage-body")
    cite(page, FIRST, STATEMENT, "Save and cite another")
    page.wait_for_selector("#passage-body")
    assert "now cites this passage" in page.inner_text(".messagelist")
    assert page.locator("#passage-body mark").count() == 1  # the passage just cited, marked
    cite(page, SECOND, "The SCO heads of state will meet in Bishkek.", "Save and publish")
    page.wait_for_selector(".messagelist .error")
    refusal = page.inner_text(".messagelist .error")
    assert "its only sources are drafts" in refusal and article.title in refusal
    page.screenshot(path=tmp_path / "1-refused.png", full_page=True)
    facts = Fact.objects.filter(citations__article=article).distinct()
    assert facts.count() == 2 and set(facts.values_list("status", flat=True)) == {"draft"}

    # The article published, then the facts citing it, from the offer that follows.
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    page.click("text=Publish them too…")
    page.wait_for_selector("form input[type=submit]")
    assert page.locator("input[type=checkbox]:checked").count() == 2
    page.click("input[value='Publish the chosen facts']")
    page.wait_for_selector(".messagelist .success")
    assert set(facts.values_list("status", flat=True)) == {"published"}
    fact = facts.get(statement=STATEMENT)

    # An edit, its diff with the version before, and a revert to that version.
    page.goto(f"{base}/admin/facts/fact/{fact.pk}/change/")
    page.fill("#id_statement", EDITED)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{base}/admin/facts/fact/{fact.pk}/history/")
    page.click("input[value='Compare the chosen versions']")
    page.wait_for_load_state()
    diff = page.inner_text("#content")
    assert STATEMENT in diff and EDITED in diff
    page.screenshot(path=tmp_path / "2-diff.png", full_page=True)
    page.goto(f"{base}/admin/facts/fact/{fact.pk}/history/")
    page.locator("#change-history tbody tr").nth(1).locator("a[title='Revert to this version']").click()
    assert page.input_value("#id_statement") == STATEMENT
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    fact.refresh_from_db()
    assert fact.statement == STATEMENT

    # Readers see the reverted statement at once, with its passage.
    page.goto(f"{base}{fact.get_absolute_url()}")
    text = page.inner_text("main")
    assert STATEMENT in text and EDITED not in text
    assert FIRST in text
    assert re.search(r"Stated by one published source|1 published source", text)
    page.screenshot(path=tmp_path / "3-public.png", full_page=True)
