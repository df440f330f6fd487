"""Person pages: what each source reports someone said, and the role each source gives them."""

import re

import pytest

from articles.models import Article
from facts.models import Citation, Fact
from people.models import Person, role_key
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def attributed():
    return Citation.objects.published().exclude(speaker=None).select_related("speaker", "article", "fact")


def test_every_quoted_person_has_a_page_listing_what_they_said(client, seed):
    people = Person.objects.quoted()
    assert people.exists()
    listing = client.get("/people/").content.decode()
    for person in people:
        assert f'href="{person.get_absolute_url()}"' in listing
        roles = set(
            attributed().filter(speaker=person).exclude(speaker_role="").values_list("speaker_role", flat=True)
        )
        row = re.search(rf'href="{person.get_absolute_url()}">.*?</li>', listing, re.S).group()
        assert all(role in row for role in {role_key(role): role for role in sorted(roles)}.values()), row
        page = client.get(person.get_absolute_url()).content.decode()
        said = attributed().filter(speaker=person, attribution="said")
        assert f'said <span class="muted">({said.count()})</span>' in page
        for citation in said:
            assert citation.fact.get_absolute_url() in page
            if citation.speaker_role:
                assert f"“{citation.speaker_role}”" in page


def test_roles_are_verbatim(seed):
    for citation in attributed().exclude(speaker_role=""):
        assert citation.speaker_role in citation.article.body


def test_a_role_two_sources_give_to_different_people_is_shown(client, seed):
    article = Article.objects.published().first()
    role = article.body.split()[0]  # any verbatim words will do as a role
    one = Person.objects.create(name="Person One", slug="person-one")
    two = Person.objects.create(name="Person Two", slug="person-two")
    fact = Fact.objects.published().first()
    start = article.body.index(role)
    for person, quote in ((one, article.body[start : start + 40]), (two, article.body[start : start + 41])):
        citation = Citation(fact=fact, article=article, quote=quote, speaker=person, speaker_role=role)
        citation.full_clean()
        citation.save()
    page = client.get(one.get_absolute_url()).content.decode()
    assert "Another source gives this role to" in page and two.get_absolute_url() in page
    fact_page = client.get(fact.get_absolute_url()).content.decode()
    assert "another source gives this role to" in fact_page


def test_role_keys_ignore_case_articles_and_punctuation():
    assert role_key("the Chinese national coordinator for SCO affairs,") == role_key(
        "Chinese National Coordinator for SCO Affairs"
    )
    assert role_key("deputy director") != role_key("director")


def test_a_role_must_be_in_the_article(seed):
    citation = attributed().first()
    citation.speaker_role = "Supreme Commander of Everything"
    with pytest.raises(Exception) as caught:
        citation.full_clean()
    assert "word for word" in str(caught.value)


@pytest.mark.slow  # ten times the content: make test-all
def test_people_pages_cost_the_same_at_ten_times(client, seed, grown):
    person = Person.objects.quoted().first()
    before = [count_queries(client, "/people/"), count_queries(client, person.get_absolute_url())]
    grown(9)
    after = [count_queries(client, "/people/"), count_queries(client, person.get_absolute_url())]
    assert before == after
