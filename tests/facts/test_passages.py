"""The marked-up body: well-formed HTML, one anchor per citation, text kept verbatim."""

import re
from html.parser import HTMLParser

import pytest

from articles.models import Article
from facts.passages import Passage, render_body


def passage(n, start, end, ref=None):
    return Passage(f"cite-{n}", start, end, ref or n, f"/facts/{ref or n}/", f"Fact {ref or n}")


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def well_formed(html):
    parser = Balance()
    parser.feed(html)
    return parser.ok and not parser.stack


def plain(html):
    html = re.sub(r'<sup class="cite-ref">.*?</sup>', "", html)
    return re.sub(r"<[^>]+>", "", html)


BODY = "Alpha beta gamma delta.\nEpsilon zeta eta theta.\n\nIota kappa."


def test_no_citations_gives_paragraphs():
    assert render_body(BODY, []) == (
        "<p>Alpha beta gamma delta.</p>\n<p>Epsilon zeta eta theta.</p>\n<p>Iota kappa.</p>\n"
    )


def test_each_citation_gets_one_anchor_even_when_nested_crossing_adjacent_or_identical():
    passages = [
        passage(1, 6, 16),  # "beta gamma"
        passage(2, 11, 30),  # crosses 1 and the paragraph break
        passage(3, 11, 16),  # nested in 1, starts with 2
        passage(4, 30, 34),  # adjacent to 2
        passage(5, 6, 16, ref=1),  # identical to 1, same fact
    ]
    html = render_body(BODY, passages)
    assert well_formed(html)
    for n in range(1, 6):
        assert html.count(f'id="cite-{n}"') == 1
    assert plain(html).replace("\n", "") == BODY.replace("\n", "")
    assert html.count('href="/facts/1/"') == 1, "one number per fact where its passages end together"


def test_a_passage_over_a_paragraph_break_continues_in_the_next_paragraph():
    html = render_body(BODY, [passage(1, 17, 31)])
    first, second = html.split("</p>")[:2]
    assert '<mark class="cite" id="cite-1"' in first
    assert '<mark class="cite cite-cont" data-cite="cite-1">Epsilon</mark><sup' in second


def test_text_is_escaped():
    html = render_body("<script>alert(1)</script> & more", [passage(1, 0, 8)])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; more" in html


def test_fact_statement_in_the_title_is_escaped():
    html = render_body("Quoted text.", [Passage("cite-1", 0, 6, 1, "/facts/1/", 'He said "<b>hi</b>"')])
    assert "<b>" not in html and "&lt;b&gt;" in html


@pytest.mark.django_db
def test_each_article_numbers_its_facts_in_the_order_the_numbers_appear(client, seed):
    """A passage inside a longer one ends, and shows its number, first: it gets the lower number."""
    checked = 0
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        shown = [int(ref) for ref in re.findall(r'<a href="[^"]*" data-ref="(\d+)"', html)]
        first_seen = list(dict.fromkeys(shown))
        assert first_seen == list(range(1, len(first_seen) + 1)), article.slug
        checked += len(first_seen)
    assert checked > 50
