"""Candidates for citing: sentences with a date, a figure or a name the site knows, offered on the cite page."""

import pytest
from django.urls import reverse

from facts.candidates import candidates

BODY = (
    "Belarus became the tenth member state on 4 July 2024.\n"
    "The weather was fine that day. Trade reached $890 billion, Xi Jinping said.\n"
    "Growth was 5.2 percent. Nothing else happened"
)


def test_sentences_with_a_date_a_figure_or_a_known_name_are_candidates():
    found = candidates(BODY, names=["Belarus", "Xi Jinping"])
    assert [(c.text, c.reasons) for c in found] == [
        ("Belarus became the tenth member state on 4 July 2024.", ("date", "Belarus")),
        ("Trade reached $890 billion, Xi Jinping said.", ("figure", "Xi Jinping")),
        ("Growth was 5.2 percent.", ("figure",)),
    ]
    assert all(BODY[c.start : c.end] == c.text for c in found)


@pytest.mark.django_db
def test_the_cite_page_offers_the_candidates_with_cite_links(editor_client, content):
    article = content["article"]
    page = editor_client.get(reverse("admin:articles_article_cite", args=[article.pk]))
    found = page.context["candidates"]
    assert found, "the test article carries dates and names"
    html = page.content.decode()
    first = found[0]
    assert f'href="?start={first.start}&amp;end={first.end}#cite-form"' in html
    assert '<mark class="candidate">' in html and "Candidates for citing" in html
    assert "Belarus" in {reason for c in found for reason in c.reasons}
