import re

import pytest
from django.urls import reverse

from articles.models import Article
from facts.models import Citation
from search.index import rebuild_search_index
from tests.pages import body_text, parse, text_of

pytestmark = pytest.mark.django_db


def test_article_body_is_rendered_verbatim(client, site):
    for article in Article.objects.published():
        rendered = body_text(client.get(article.get_absolute_url()))
        assert rendered.split("\n") == [line.strip() for line in article.body.splitlines() if line.strip()]


def test_article_page_marks_every_published_citation(client, site):
    """Each citation of a published fact has its own <mark id="cite-…"> around its quote."""
    for article in Article.objects.published():
        page = parse(client.get(article.get_absolute_url()))
        citations = Citation.objects.published().filter(article=article)
        assert citations, article.slug
        for citation in citations:
            assert citation.anchor in page.marks, (article.slug, citation.pk)
            assert page.marks[citation.anchor], "the anchored mark holds the start of the passage"
            assert citation.quote.startswith(page.marks[citation.anchor].split("\n")[0].strip())
            assert " ".join(page.passages[citation.anchor].split()) == " ".join(citation.quote.split())


def test_marked_passage_links_to_the_fact_it_supports(client, site):
    citation = Citation.objects.get(
        quote__contains="Belarus was formally accepted", fact__slug="belarus-tenth-member-astana-2024"
    )
    response = client.get(citation.article.get_absolute_url())
    html = response.content.decode()
    after = html[html.index(f'id="{citation.anchor}"') :]
    assert f'href="{citation.fact.get_absolute_url()}"' in after[: after.index("</sup>")]


def test_overlapping_and_adjacent_citations_each_keep_one_anchor(client, extras):
    response = client.get(extras["overlap"].get_absolute_url())
    page = parse(response)
    html = response.content.decode()
    for name, citation in extras["citations"].items():
        if name == "draft-fact":
            assert citation.anchor not in page.marks, "a draft fact's passage is not marked"
            continue
        if citation.article != extras["overlap"]:
            continue
        assert html.count(f'id="{citation.anchor}"') == 1, name
        assert citation.anchor in page.marks, name
    # the overlapping passages nest or are split, but the text is intact and balanced
    assert html.count("<mark") == html.count("</mark>")
    assert page.marks[extras["citations"]["opened"].anchor] == "The railway opened in June."
    assert page.passages[extras["citations"]["crossing"].anchor] == "opened in June. Freight trains now cross"
    assert page.passages[extras["citations"]["doubled"].anchor] == "daily.\nOfficials said trade doubled"
    assert body_text(response) == extras["overlap"].body


def test_article_lists_the_facts_it_supports_with_their_standing(client, extras):
    response = client.get(extras["overlap"].get_absolute_url())
    text = text_of(response)
    assert "Facts this source supports" in text
    assert "Trade doubled within a year of the railway opening. disputed" in text
    assert "A claim still in draft." not in text


def test_draft_article_is_not_found(client, extras):
    assert client.get(extras["draft_article"].get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:detail", kwargs={"slug": "no-such-article"})).status_code == 404


def test_article_list_shows_published_articles_only(client, extras):
    response = client.get(reverse("articles:list"))
    titles = [text for href, text in parse(response).links if href.startswith("/articles/") and "?" not in href]
    assert "Railway report" in titles
    assert "Draft article" not in titles
    assert response.context["page_obj"].paginator.count == Article.objects.published().count()


def test_article_filters_combine(client, extras):
    both = client.get(reverse("articles:list"), {"outlet": "test-wire", "country": "belarus"})
    assert [a.slug for a in both.context["object_list"]] == ["overlapping-passages"]
    none = client.get(reverse("articles:list"), {"outlet": "other-wire", "country": "belarus"})
    assert list(none.context["object_list"]) == []
    assert "No source matches these filters." in text_of(none)


def test_article_text_filter_uses_the_search_index(client, extras):
    response = client.get(reverse("articles:list"), {"q": "customs"})
    assert [a.slug for a in response.context["object_list"]] == ["second-report"]


def test_article_year_filter_and_facets(client, extras):
    response = client.get(reverse("articles:list"), {"year": "2025"})
    assert {a.slug for a in response.context["object_list"]} == {"overlapping-passages", "second-report"}
    html = response.content.decode()
    assert '<option value="2025" selected>2025 (2)</option>' in html
    assert ">Test Wire (1)</option>" in html


def test_facets_count_what_choosing_another_value_would_give(client, extras):
    """With outlet=test-wire chosen, the other outlet still shows its own count, not zero."""
    html = client.get(reverse("articles:list"), {"outlet": "test-wire"}).content.decode()
    assert ">Other Wire (1)</option>" in html
    assert ">Test Wire (1)</option>" in html


def test_article_pagination_keeps_the_filter(client, site, grown):
    grown(5)
    rebuild_search_index()
    response = client.get(reverse("articles:list"), {"q": "synthetic", "o": "title"})
    assert response.context["page_obj"].paginator.count == 25
    next_links = [href for href, text in parse(response).links if text.startswith("Next")]
    assert len(next_links) == 1
    assert "q=synthetic" in next_links[0] and "o=title" in next_links[0] and "page=2" in next_links[0]
    second = client.get(reverse("articles:list") + next_links[0])
    assert second.context["page_obj"].number == 2
    articles = list(second.context["object_list"])
    assert len(articles) == 5
    assert all(article.slug.startswith("synthetic-") for article in articles)
    titles = [article.title for article in articles]
    assert titles == sorted(titles)


def test_staff_may_preview_a_draft_readers_may_not(client, extras, django_user_model):
    draft = extras["draft_article"]
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404, "staff need the view permission"
    editor = django_user_model.objects.create_superuser("editor", password="x")
    client.force_login(editor)
    response = client.get(draft.get_absolute_url(), {"preview": "1"})
    assert response.status_code == 200
    assert "Preview of a draft." in text_of(response)
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404, "without ?preview=1 a draft stays hidden"
    published = client.get(extras["overlap"].get_absolute_url(), {"preview": "1"})
    assert "Preview of a draft." not in text_of(published)


def test_the_order_menu_names_each_order_as_it_sorts(client, site):
    html = client.get(reverse("articles:list")).content.decode()
    menu = re.search(r'<select name="o"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', menu)
    assert labels == [
        ("-date", "newest first"),
        ("date", "oldest first"),
        ("title", "title A–Z"),
        ("-title", "title Z–A"),
    ]
    for order, reverse_titles in (("title", False), ("-title", True)):
        titles = [
            article.title for article in client.get(reverse("articles:list"), {"o": order}).context["object_list"]
        ]
        assert titles == sorted(titles, reverse=reverse_titles) and len(titles) == 5
