"""In a real browser: from a page's address to the first cited fact, in at most six clicks."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from facts.models import Fact
from tests.editors import PASSWORD, make_user

STATEMENT = "Belarus became the SCO's tenth member state in July 2024."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_goes_from_an_address_to_a_cited_fact_in_six_clicks(live_server, restored_seed, page, web, tmp_path):
    make_user("intake-editor", staff=True, groups=[Group.objects.get(name="Editors")])
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "intake-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#changelist")

    clicks = 0

    def click(selector):
        nonlocal clicks
        clicks += 1
        page.click(selector)

    click("text=Add source from address or file")
    page.fill("#id_address", web.url("/old/belarus"))
    click("input[value='Read the source']")
    page.wait_for_selector("#id_title")
    assert page.input_value("#id_title") == "Belarus joins the SCO in Astana"
    assert "From the page's metadata" in page.inner_text(".field-title")
    page.screenshot(path=tmp_path / "1-confirm.png", full_page=True)
    click("input[value='Save the draft and cite']")
    page.wait_for_selector(".candidates")
    page.screenshot(path=tmp_path / "2-cite.png", full_page=True)
    click(".candidates li:has-text('tenth member state') a.cite-candidate")
    assert "tenth member state" in page.input_value("#id_quote")
    page.fill("#id_statement", STATEMENT)
    click("input[value='Cite this passage']")
    page.wait_for_selector("#fact_form")

    assert clicks <= 6
    fact = Fact.objects.get(statement=STATEMENT)
    article = Article.objects.get(url=web.url("/news/belarus"))
    citation = fact.citations.get()
    assert (citation.article, citation.quote) == (article, article.body[citation.start : citation.end])
    assert citation.quote.startswith("Belarus became the tenth member state")
    assert article.status == "draft" and article.captures.count() == 1
