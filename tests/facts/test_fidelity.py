"""The seed says no more than its sources: corroboration is two documents each stating the
whole fact, a dispute is two claims that cannot both be right, a speaker's quote holds only
their words, a person's page lists as theirs only what they said, and every value no passage
states carries a marker readers see (outlets' metadata in the API and JSON-LD too)."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, Outlet
from core.provenance import provenance_of
from events.models import Event, EventKind
from facts.models import Citation, Fact, Standing, Support
from people.models import Attribution, Person, role_key
from tests.api.helpers import every_item

pytestmark = pytest.mark.django_db

NUMBER_WORDS = {"2": "two", "6": "six", "10": "ten", "14": "fourteen"}
NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
SAYING = re.compile(
    r"\b(said|says|wrote|called|calls|believes|holds|described|describes|indicated|stresses|stressed|urged|"
    r"advocates|advocated|opposed|pushed|reaffirmed|according to|expects)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+")


def whole_passages_by_document(fact):
    passages = {}
    for citation in fact.citations.published().filter(supports=Support.WHOLE):
        passages[citation.article_id] = passages.get(citation.article_id, "") + " " + citation.quote
    return passages


def test_every_number_of_a_statement_is_in_each_document_counted_as_stating_it(seed):
    """A document counts as a source of the whole fact only if its passages give every figure and
    year of the statement ("last July" does not give 2024), unless the statement is marked inferred."""
    missing = []
    for fact in Fact.objects.published():
        if provenance_of(fact, "statement"):
            continue
        for article, text in whole_passages_by_document(fact).items():
            for number in NUMBER.findall(fact.statement):
                if number not in text and NUMBER_WORDS.get(number, "\0") not in text:
                    missing.append((fact.slug, article, number))
    assert missing == []


def test_a_passage_stating_part_of_a_fact_does_not_corroborate_it(seed):
    share = Fact.objects.get(slug="china-trade-sco-share-14-4-percent-2024")
    assert share.citations.values("article").distinct().count() == 2
    assert Fact.objects.with_standing().get(pk=share.pk).standing == Standing.SINGLE_SOURCE
    share.citations.filter(supports=Support.PART).update(supports=Support.WHOLE)
    assert Fact.objects.with_standing().get(pk=share.pk).standing == Standing.CORROBORATED


def test_a_part_is_explained_to_readers_and_every_fact_has_a_whole_source(client, seed):
    for fact in Fact.objects.published().filter(unsourced_ok=False):
        assert whole_passages_by_document(fact), f"{fact.slug}: no passage states the whole fact"
    parts = Citation.objects.published().filter(supports=Support.PART).select_related("fact")
    assert parts.count() >= 6
    for citation in parts:
        assert citation.fact.public_note, f"{citation.fact.slug}: say why a source agrees only in part"
        html = client.get(citation.fact.get_absolute_url()).content.decode()
        assert "states part of the statement only" in html


def test_the_dates_of_the_tianjin_summit_rest_on_the_one_source_that_gives_them(seed):
    dates = Fact.objects.with_standing().get(slug="tianjin-summit-scheduled-aug-31-sep-1")
    assert dates.standing == Standing.SINGLE_SOURCE
    place = Fact.objects.with_standing().get(slug="tianjin-to-host-upcoming-summit")
    assert place.standing == Standing.CORROBORATED


def test_a_dispute_is_two_claims_that_cannot_both_be_right(seed):
    """Contradiction is mutual: a fact disputed by another disputes it too, and both tell readers
    why. A claim that only precedes another (a step towards an accession) supersedes, not disputes."""
    disputes = list(Fact.disputed_by.through.objects.select_related("from_fact", "to_fact"))
    assert disputes
    pairs = {(d.from_fact_id, d.to_fact_id) for d in disputes}
    for dispute in disputes:
        assert (dispute.to_fact_id, dispute.from_fact_id) in pairs, dispute.from_fact.slug
        assert dispute.from_fact.public_note and dispute.to_fact.public_note
    lavrov = Fact.objects.get(slug="lavrov-moscow-considering-belarus-accession")
    assert lavrov.superseded_by.slug == "belarus-tenth-member-astana-2024"
    assert not lavrov.disputed_by.exists() and not lavrov.disputes.exists()


def test_a_speakers_quote_holds_no_sentence_naming_someone_else(seed):
    names = list(Person.objects.values_list("name", flat=True))
    bad = []
    for citation in (
        Citation.objects.filter(attribution=Attribution.SAID).exclude(speaker=None).select_related("speaker")
    ):
        for sentence in SENTENCE_END.split(citation.quote):
            others = [name for name in names if name != citation.speaker.name and name in sentence]
            if others:
                bad.append((citation.fact_id, citation.speaker.name, others, sentence[:60]))
    assert bad == []


def test_what_a_person_said_is_reported_as_their_words(seed):
    """A passage listed as someone's words supports a statement that names them with a verb of
    saying; a passage that gives their role or what they do is about them."""
    bad = []
    for citation in (
        Citation.objects.filter(attribution=Attribution.SAID).exclude(speaker=None).select_related("speaker", "fact")
    ):
        statement = citation.fact.statement
        named = any(re.search(rf"\b{re.escape(word)}\b", statement) for word in citation.speaker.name.split())
        if not (named and SAYING.search(statement)):
            bad.append((citation.fact.slug, citation.speaker.name))
    assert bad == []
    about = Citation.objects.filter(attribution=Attribution.ABOUT).values_list("fact__slug", flat=True)
    assert set(about) >= {
        "zhang-haizhou-china-sco-national-coordinator",
        "fan-xianrong-china-sco-national-coordinator",
    }


def test_a_person_page_lists_statements_about_them_apart_from_what_they_said(client, seed):
    for slug in ("zhang-haizhou-china-sco-national-coordinator", "fan-xianrong-china-sco-national-coordinator"):
        fact = Fact.objects.get(slug=slug)
        person = fact.citations.get().speaker
        html = client.get(person.get_absolute_url()).content.decode()
        said, about = html.split('id="about-title"')
        assert fact.get_absolute_url() not in said
        assert fact.get_absolute_url() in about
        fact_page = client.get(fact.get_absolute_url()).content.decode()
        assert f'About <a href="{person.get_absolute_url()}"' in fact_page


def test_the_two_coordinators_pages_point_at_each_other(client, seed):
    zhang, fan = Person.objects.get(slug="zhang-haizhou"), Person.objects.get(slug="fan-xianrong")
    for person, other in ((zhang, fan), (fan, zhang)):
        html = client.get(person.get_absolute_url()).content.decode()
        assert f'href="{other.get_absolute_url()}"' in html, person.name


def test_a_role_the_sources_dispute_is_never_given_in_our_voice(seed):
    """Where sources give one role to different people, only the disputed facts (and the
    citations' roles, the sources' words) name it: no other statement of ours gives it to anyone."""
    disputed = Fact.objects.filter(disputed_by__isnull=False)
    roles = {
        role_key(role) for role in Citation.objects.filter(fact__in=disputed).values_list("speaker_role", flat=True)
    }
    roles.discard("")
    assert roles == {"china's sco national coordinator"}
    for fact in Fact.objects.exclude(pk__in=disputed):
        assert not any(role in role_key(fact.statement) for role in roles), fact.slug
    summary = Article.objects.get(slug="china-sco-core-foreign-policy-priority").summary
    assert "whom the report calls China's SCO national coordinator" in summary


def test_outlet_metadata_no_source_states_is_marked(client, seed):
    outlets = Outlet.objects.filter(articles__status="published").distinct()
    assert outlets.exists()
    for outlet in outlets:
        if outlet.country:
            assert provenance_of(outlet, "country"), outlet.slug
        if outlet.kind != Outlet.Kind.OTHER:
            assert provenance_of(outlet, "kind"), outlet.slug
        assert not outlet.is_news, "JSON-LD cannot carry the marker, so it does not claim a news outlet"
    for item in every_item(client, "articles"):
        if item["outlet_kind"]:
            assert item["provenance"]["outlet_kind"]["basis"] == "editors"
        if item["outlet_country"]:
            assert item["provenance"]["outlet_country"]["basis"] == "editors"
    page = client.get(outlets.first().articles.published().first().get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Article"


def test_a_summit_is_a_council_meeting_only_where_a_source_says_so(seed):
    for event in Event.objects.published().filter(kind=EventKind.SUMMIT):
        quotes = Citation.objects.published().filter(fact__events=event).values_list("quote", flat=True)
        if not any("Council of Heads of State" in quote for quote in quotes):
            assert provenance_of(event, "kind"), event.slug


def test_a_date_from_a_photo_caption_is_marked(seed):
    """A caption dates its photo: a fact resting on captions alone says so to readers."""
    for fact in Fact.objects.published():
        passages = whole_passages_by_document(fact)
        quotes = list(fact.citations.filter(supports=Support.WHOLE).values_list("quote", flat=True))
        if passages and all(quote.rstrip().endswith("/VCG") for quote in quotes):
            assert fact.public_note or provenance_of(fact, "statement"), fact.slug
    caption = Fact.objects.get(slug="media-think-tank-summit-zhengzhou-2025-07-25")
    assert provenance_of(caption, "statement").basis == "inferred"
    event = Event.objects.get(slug="sco-media-think-tank-summit-zhengzhou-2025")
    assert provenance_of(event, "start_date").basis == "inferred"


def test_each_sources_wording_of_the_shanghai_spirit_is_shown(client, seed):
    fact = Fact.objects.get(slug="shanghai-spirit-principles")
    assert fact.citations.values("article").distinct().count() == 3
    html = client.get(fact.get_absolute_url()).content.decode()
    for wording in ("respect for cultural diversity", "respect for diverse civilizations", "common growth"):
        assert wording in html


def test_a_sub_heading_of_a_source_is_shown_as_a_heading(client, seed):
    html = client.get("/articles/china-sco-presidency-road-to-tianjin/").content.decode()
    assert '<h3 class="body-heading">Expanded community</h3>' in html
    assert '<h3 class="body-heading">Deeper SCO cooperation</h3>' in html


def test_a_passage_about_someone_names_them(seed):
    citation = Citation.objects.filter(speaker=None).first()
    citation.attribution = Attribution.ABOUT
    with pytest.raises(ValidationError, match="needs the person"):
        citation.full_clean()
