"""The curated seed as readers should find it: quotes that stand alone, claims corroborated
where several documents make them, conflicts shown on both sides, every speaker attributed."""

import re

import pytest

from core.provenance import provenance_of
from countries.models import MEMBER_STATUSES, CountryStatus
from facts.models import Citation, Fact, Standing
from people.models import Person
from tests.pages import text_of

pytestmark = pytest.mark.django_db

# Words that leave a quote without its subject when they open it: the reader cannot tell
# who "he" is, which summit "that summit" was, what "the initiative" refers to.
OPENERS_THAT_NEED_A_SUBJECT = (
    "He",
    "She",
    "It",
    "They",
    "His",
    "Her",
    "Its",
    "Their",
    "That",
    "This",
    "These",
    "Those",
    "At that summit",
    "Construction began",
    "The initiative",
    "Three years later",
)


def opening_words(quote):
    return quote.lstrip("“\"'‘ ")


def test_every_quote_stands_alone(seed):
    """A quote opens with its subject, unless the fact marks its reading of the referent as inferred
    (a speaker's own words, "These measures…", cut from the sentence before that is someone else's)."""
    bad = []
    for citation in Citation.objects.select_related("article", "fact"):
        text = opening_words(citation.quote)
        if not text[:1].isupper():
            bad.append(f"{citation.fact_id}: opens mid-sentence: {citation.quote[:60]}")
        referent_marked = provenance_of(citation.fact, "statement") is not None
        for opener in () if referent_marked else OPENERS_THAT_NEED_A_SUBJECT:
            if re.match(rf"{re.escape(opener)}\b", text):
                bad.append(f"{citation.fact_id}: opens with “{opener}”: {citation.quote[:60]}")
        if citation.quote not in citation.article.body:
            bad.append(f"{citation.fact_id}: not verbatim: {citation.quote[:60]}")
    assert bad == []


def test_the_opener_check_catches_a_quote_without_its_subject():
    assert re.match(r"He\b", opening_words("He emphasizes that mutual political trust"))
    assert not re.match(r"He\b", opening_words("Health cooperation"))
    assert not opening_words("the SCO emerges as a platform")[:1].isupper()


def test_every_member_status_rests_on_a_fact_two_documents_state(seed):
    for status in CountryStatus.objects.filter(status__in=MEMBER_STATUSES).select_related("fact"):
        documents = status.fact.citations.values("article").distinct().count()
        assert documents >= 2, status.country_id
        assert Fact.objects.with_standing().get(pk=status.fact_id).standing == Standing.CORROBORATED


NAMED_SPEAKERS = {
    "Zhang Haizhou": "China’s SCO national coordinator",
    "Fan Xianrong": "responsible for the work of China’s SCO national coordinator",
    "Sergey Lavrov": "Former Foreign Minister",
    "Liu Bin": "",
    "Xi Jinping": "",
    "Alexander Lukashenko": "Belarusian President",
    "Kin Phea": "director general of the International Relations Institute of Cambodia",
    "Guo Jiakun": "Chinese Foreign Ministry spokesperson",
    "Marina Dmitrieva": "deputy director of the Institute of Asian Studies for Science and Innovation",
    "Li Yongquan": "a senior researcher at China’s State Council Development Research Center",
    "Wang Yi": "Chinese Foreign Minister",
    "Sun Zhuangzhi": "director of the Institute of Russian, Eastern European and Central Asian Studies",
}


def test_every_named_speaker_has_a_page_with_the_role_the_source_gives(client, seed):
    quoted = {person.name: person for person in Person.objects.quoted()}
    assert set(NAMED_SPEAKERS) <= set(quoted)
    for name, role in NAMED_SPEAKERS.items():
        text = text_of(client.get(quoted[name].get_absolute_url()))
        assert name in text
        assert role in text


def test_a_claim_credited_to_a_researcher_names_the_researcher(seed):
    citation = Citation.objects.get(quote__contains="according to Li Yongquan")
    assert citation.speaker.name == "Li Yongquan"
    assert "Li Yongquan" in citation.fact.statement


def test_the_coordinator_conflict_shows_both_people_on_both_facts(client, seed):
    zhang = Fact.objects.get(slug="zhang-haizhou-china-sco-national-coordinator")
    fan = Fact.objects.get(slug="fan-xianrong-china-sco-national-coordinator")
    for fact, other in ((zhang, fan), (fan, zhang)):
        response = client.get(fact.get_absolute_url())
        text = text_of(response)
        assert "Disputed" in text
        html = response.content.decode()
        assert other.get_absolute_url() in html
        assert html.count('class="compare-other"') == 1, "a dispute both ways is shown once"
        assert "Zhang Haizhou" in text and "Fan Xianrong" in text


def test_lavrov_and_the_belarus_accession_are_shown_in_sequence(client, seed):
    lavrov = Fact.objects.get(slug="lavrov-moscow-considering-belarus-accession")
    belarus = Fact.objects.get(slug="belarus-tenth-member-astana-2024")
    lavrov_page = client.get(lavrov.get_absolute_url())
    assert belarus.get_absolute_url() in lavrov_page.content.decode()
    assert "Former Foreign Minister" in text_of(lavrov_page)
    belarus_page = client.get(belarus.get_absolute_url())
    assert lavrov.get_absolute_url() in belarus_page.content.decode()
    standing = Fact.objects.with_standing().get(pk=belarus.pk).standing
    assert standing != Standing.DISPUTED, "the accession itself is not in doubt"


def test_the_two_trade_figures_link_as_different_scopes(client, seed):
    members = Fact.objects.get(slug="china-trade-sco-members-2024-usd")
    wider = Fact.objects.get(slug="china-trade-sco-wider-2024-usd")
    for fact, other in ((members, wider), (wider, members)):
        response = client.get(fact.get_absolute_url())
        text = text_of(response)
        assert other.get_absolute_url() in response.content.decode()
        assert "not a contradiction" in text
        assert "$511 billion" in text and "$890 billion" in text
        linked = {f.pk for f in fact.other_scopes.all()} | {f.pk for f in fact.other_scopes_of.all()}
        assert response.content.decode().count('class="compare-other"') == len(linked), "both ways, shown once"
