"""Search that forgives: misspellings corrected against the index's words, other spellings,
aliases editors add, people and their roles, and the order of what comes first."""

import pytest
from django.urls import reverse

from articles.models import Outlet, OutletAlias
from core.changes import content_changed
from core.version import current
from countries.models import Country, CountryAlias
from people.models import Person
from search.index import rebuild_search_index
from search.models import SearchEntry, SearchWord
from search.query import SearchResults, forgiving_search
from search.spelling import Vocabulary, query_terms, spellings, words_of
from tests.editors import admin_form_data
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def page(client, **params):
    return client.get(reverse("search:search"), params)


def words(response):
    """The page's text, links run into their sentence."""
    return text_of(response).replace(" .", ".").replace(" ?", "?")


def found(text, kind=None, *, as_typed=False):
    results, _ = forgiving_search(text, kind, as_typed=as_typed)
    return {(hit.kind, hit.object_id) for hit in results[0:1000]}


def test_a_misspelled_query_shows_the_corrected_results_and_says_so(client, site):
    response = page(client, q="sumit tianjin")
    text = words(response)
    assert "Showing results for summit tianjin. Search instead for sumit tianjin." in text
    assert response.context["hits"], "the corrected query's results are shown"
    assert found("sumit tianjin") == found("summit tianjin")
    as_typed = page(client, q="sumit tianjin", as_typed="on")
    assert as_typed.context["hits"] == [] and as_typed.context["correction"] is None
    assert "Nothing matches every word of “sumit tianjin”" in text_of(as_typed)


def test_did_you_mean_when_a_rare_word_has_a_far_commoner_neighbour(client, site):
    kazakhstan = Country.objects.get(slug="kazakhstan")
    CountryAlias.objects.create(record=kazakhstan, name="Summt")  # one entry holds "summt"
    content_changed(Country, [kazakhstan.pk])
    results, correction = forgiving_search("summt")
    assert results.total == 1 and correction.text == "summit" and not correction.shown
    text = words(page(client, q="summt"))
    assert "Did you mean summit?" in text and "1 result for “summt”" in text


def test_a_correction_is_always_a_word_of_the_index(site):
    vocabulary = Vocabulary(dict(SearchWord.objects.values_list("word", "entries")))
    for typo in ("kazakstan", "uzbekstan", "presidancy", "lukashenkoo", "xyzzyq", "belarrus", "turkiye"):
        correction = vocabulary.correction(typo)
        assert correction == typo or SearchWord.objects.filter(word=correction).exists(), correction
    assert vocabulary.correction("xyzzyq") == "xyzzyq", "nothing near: nothing invented"
    assert vocabulary.correction("sco") == "sco" and vocabulary.correction("2024") == "2024"


def test_queries_of_stop_words_or_symbols_get_a_message_not_an_error(client, site):
    for query in ("the of and", "!!! ---", "&& ?? **", "«»"):
        response = page(client, q=query)
        assert response.status_code == 200
        assert "holds only common words" in text_of(response), query
        assert f"0 results for “{query}”" in text_of(response), query
    assert query_terms("the Tianjin summit of 2025") == ["tianjin", "summit", "2025"]


def test_british_and_american_spellings_find_the_same(site):
    assert spellings("organisation") == ["organisation", "organization"]
    assert spellings("centers") == ["centers", "centres"] and spellings("four") == ["four"]
    assert found("organisation") == found("organization") != set()
    assert found("security centres") == found("security centers") != set()


def test_people_are_found_by_name_alias_and_the_roles_the_sources_give_them(client, site):
    guo = Person.objects.get(slug="guo-jiakun")
    assert ("person", guo.pk) in found("foreign ministry spokesperson")
    entry = SearchEntry.objects.get(kind="person", object_id=guo.pk)
    assert "spokesperson" in entry.body.lower()
    lukashenko = Person.objects.get(slug="alexander-lukashenko")
    assert ("person", lukashenko.pk) in found("Lukashenka")
    response = page(client, q="Lukashenka")
    assert response.context["hits"][0].object == lukashenko
    assert "people (1)" in text_of(page(client, q="Wang Yi"))
    assert SearchEntry.objects.filter(kind="person").count() == Person.objects.quoted().count() > 0


def test_a_record_named_by_the_query_comes_first_then_facts_then_sources(site):
    results = SearchResults("Belarus")
    hits = results[0 : results.total]
    assert (hits[0].kind, hits[0].object_id) == ("country", Country.objects.get(slug="belarus").pk)
    kinds = [hit.kind for hit in hits[1:]]
    assert "fact" in kinds and "article" in kinds
    assert kinds.index("article") > max(i for i, kind in enumerate(kinds) if kind == "fact")
    turkey = SearchResults("Turkey")[0:1]
    assert (turkey[0].kind, turkey[0].object_id) == ("country", Country.objects.get(slug="turkiye").pk)


def test_an_alias_added_in_the_admin_is_found_by_the_next_search(
    editor_client, site, django_capture_on_commit_callbacks
):
    myanmar = Country.objects.get(slug="myanmar")
    assert found("Bagan", as_typed=True) == set()
    url = reverse("admin:countries_country_change", args=[myanmar.pk])
    form = editor_client.get(url)
    assert "other names (aliases)" in form.content.decode().lower()
    data = admin_form_data(form)
    data[f"aliases-{data['aliases-INITIAL_FORMS']}-name"] = "Bagan Kingdom"  # the empty row ready below Burma
    version = current()
    with django_capture_on_commit_callbacks(execute=True):  # the version changes once the save commits
        response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert current() != version, "the content version changed"
    assert found("Bagan") == {("country", myanmar.pk)}
    detail = text_of(editor_client.get(myanmar.get_absolute_url()))
    assert "Also written Bagan Kingdom , Burma (other names the editors know, not from a source)" in detail


def test_an_alias_already_there_in_another_case_is_refused(editor_client, site):
    myanmar = Country.objects.get(slug="myanmar")
    url = reverse("admin:countries_country_change", args=[myanmar.pk])
    data = admin_form_data(editor_client.get(url))
    data[f"aliases-{data['aliases-INITIAL_FORMS']}-name"] = " BURMA"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "aliases")
    assert formset.non_form_errors() == ["The same alias twice, in any case: burma."]
    assert list(myanmar.aliases.values_list("name", flat=True)) == ["Burma"]


def test_an_outlet_alias_added_in_the_admin_finds_its_articles_and_shows_on_them(
    editor_client, site, django_capture_on_commit_callbacks
):
    tass = Outlet.objects.get(slug="tass")
    article = tass.articles.get()
    assert found("Itar", as_typed=True) == set()
    url = reverse("admin:articles_outlet_change", args=[tass.pk])
    data = admin_form_data(editor_client.get(url))
    data[f"aliases-{data['aliases-INITIAL_FORMS']}-name"] = "ITAR-TASS"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert found("Itar") == {("article", article.pk)}
    detail = text_of(editor_client.get(article.get_absolute_url()))
    assert "copy. Also written ITAR-TASS (other names the editors know, not from a source)" in detail
    OutletAlias.objects.filter(name="ITAR-TASS").delete()
    content_changed(Outlet, [tass.pk])
    assert found("Itar", as_typed=True) == set()


def test_the_vocabulary_follows_the_entries(site):
    def vocabulary():
        return dict(SearchWord.objects.values_list("word", "entries"))

    rebuilt = vocabulary()
    entries = SearchEntry.objects.values_list("title", "body", "about")
    assert rebuilt["summit"] == sum("summit" in words_of(" ".join(entry)) for entry in entries) > 10
    myanmar = Country.objects.get(slug="myanmar")
    CountryAlias.objects.create(record=myanmar, name="Golden Land")
    content_changed(Country, [myanmar.pk])
    assert vocabulary()["golden"] == rebuilt.get("golden", 0) + 1
    CountryAlias.objects.filter(record=myanmar, name="Golden Land").delete()
    content_changed(Country, [myanmar.pk])
    assert vocabulary() == rebuilt, "kept in step entry by entry as a rebuild would write it"
    rebuild_search_index()
    assert vocabulary() == rebuilt
