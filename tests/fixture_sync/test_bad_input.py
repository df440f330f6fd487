"""Every bad input to reload_fixtures gets a message naming file, object and field, never a traceback.

Each case spoils a copy of the seed fixtures (and renames a topic, so that a partial
write would show), runs the command, and checks the message, that the database is as it
was, and that no backup was left for a reload that changed nothing.
"""

import errno
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from facts.models import Citation, Fact
from facts.services import check_self_disputes, check_supersede_cycles, recheck_citation_quotes
from fixture_sync.errors import FixtureError
from fixture_sync.reload import reload_fixtures

from .helpers import copy_seed, dump, run

FACT = "astana-initiative-solidarity-global-justice"  # the first fact of the seed
OTHER_FACT = "belarus-tenth-member-astana-2024"  # the second
EVENT = "astana-summit-2024"  # the first event
CITATION_KEY = (
    '["astana-initiative-solidarity-global-justice", "xi-jinping-and-the-sco", "an initiative adopted at the SCO '
    'Astana Summit in 2024 called for solidarity among countries to promote global justice, harmony and development."]'
)


def edit(fixtures, name, change):
    """Apply ``change`` to the data of fixture file ``name``; written with escapes, as any character may be."""
    path = fixtures / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def set_field(name, index, **fields):
    return lambda fixtures, monkeypatch: edit(fixtures, name, lambda data: data[index]["fields"].update(fields))


def an_observer_status_ending_after_membership(fixtures, monkeypatch):
    def add(data):
        member = next(entry for entry in data if entry["fields"]["country"] == ["IR"])
        changes = {"status": "observer", "start_date": "2005-01-01", "ended": True, "end_date": "2024-01-01"}
        data.append({**member, "fields": {**member["fields"], **changes, "end_precision": "year"}})

    edit(fixtures, "countries.countrystatus.json", add)


def symlink_loop(fixtures, monkeypatch):
    (fixtures / "loop-a.json").symlink_to("loop-b.json")
    (fixtures / "loop-b.json").symlink_to("loop-a.json")


def dangling_symlink(fixtures, monkeypatch):
    (fixtures / "gone.json").symlink_to("moved-away.json")


def directory(fixtures, monkeypatch):
    (fixtures / "drafts.json").mkdir()


def unreadable(fixtures, monkeypatch):
    path = fixtures / "facts.fact.json"
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: refuse the read as the system would for anyone else
        opened = Path.open

        def refused(self, *args, **kwargs):
            if self == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return opened(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refused)


def deeply_nested(fixtures, monkeypatch):
    (fixtures / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def empty(fixtures, monkeypatch):
    (fixtures / "facts.fact.json").write_text("", encoding="utf-8")


def three_new_facts_in_a_cycle(fixtures, monkeypatch):
    """Three new facts superseding each other: their references are saved after the facts."""

    def add(data):
        for slug, successor in (("cycle-a", "cycle-b"), ("cycle-b", "cycle-c"), ("cycle-c", "cycle-a")):
            fields = {**data[0]["fields"], "slug": slug, "statement": f"Fact {slug}.", "superseded_by": [successor]}
            data.append({"model": "facts.fact", "fields": fields})

    edit(fixtures, "facts.fact.json", add)


def two_facts_superseding_each_other(fixtures, monkeypatch):
    def change(data):
        data[0]["fields"]["superseded_by"] = [OTHER_FACT]
        data[1]["fields"]["superseded_by"] = [FACT]

    edit(fixtures, "facts.fact.json", change)


# case: (spoil the copy of the seed, what the message must say: file, object, field, problem)
CASES = {
    "symlink loop": (
        symlink_loop,
        ["loop-a.json: a symbolic link in a loop", "loop-b.json: a symbolic link in a loop"],
    ),
    "dangling symlink": (dangling_symlink, ["gone.json: a symbolic link to moved-away.json, which does not exist"]),
    "directory named .json": (directory, ["drafts.json: a directory, not a fixture file"]),
    "unreadable file": (unreadable, ["facts.fact.json: cannot be read (permission denied)"]),
    "deeply nested JSON": (deeply_nested, ["deep.json: nested too deeply to be a fixture file"]),
    "empty file": (empty, ["facts.fact.json: empty file"]),
    "unknown field": (
        set_field("facts.fact.json", 0, statment="Typo."),
        [f"facts.fact.json: facts.fact [\"{FACT}\"]: no field 'statment' on facts.fact (did you mean 'statement'?)"],
    ),
    "many-to-many written as a string": (
        set_field("facts.fact.json", 1, countries="BY"),
        [
            f'facts.fact.json: facts.fact ["{OTHER_FACT}"]: countries: must be a list of natural keys, '
            'e.g. [["<iso_code>"]]; found the string "BY"'
        ],
    ),
    "many-to-many as a flat list": (
        set_field("facts.fact.json", 1, countries=["BY"]),
        [f'facts.fact.json: facts.fact ["{OTHER_FACT}"]: countries: must be a list of natural keys'],
    ),
    "foreign key written as a string": (
        set_field("facts.fact.json", 0, topic="membership"),
        [
            f'facts.fact.json: facts.fact ["{FACT}"]: topic: must be null or a natural key such as ["<slug>"]; '
            'found the string "membership"'
        ],
    ),
    "foreign key written as a primary key": (
        set_field("events.event.json", 0, host_country=3),
        [f'events.event.json: events.event ["{EVENT}"]: host_country: must be null or a natural key'],
    ),
    "natural key of the wrong length": (
        set_field("facts.fact.json", 0, topic=["membership", "extra"]),
        [f'facts.fact.json: facts.fact ["{FACT}"]: topic: must be null or a natural key'],
    ),
    "object for a text field": (
        set_field("facts.fact.json", 0, statement={"en": "A statement."}),
        [f'facts.fact.json: facts.fact ["{FACT}"]: statement: must be a string; found an object'],
    ),
    "list for a date field": (
        set_field("events.event.json", 0, start_date=[2024, 7, 4]),
        [f'events.event.json: events.event ["{EVENT}"]: start_date: must be a string; found a list of 3 value(s)'],
    ),
    "impossible date": (
        set_field("events.event.json", 0, start_date="2024-13-45"),
        [f'events.event.json: events.event ["{EVENT}"]: start_date: “2024-13-45” value has the correct format'],
    ),
    "list for a whole number": (
        set_field("events.event.json", 0, number=[1]),
        [f'events.event.json: events.event ["{EVENT}"]: number: must be a whole number; found a list of 1 value(s)'],
    ),
    "a number beyond its column": (
        set_field("events.event.json", 0, number=40000),
        ["events.event.json: events.event", "number: Ensure this value is less than or equal to 32767."],
    ),
    "boolean for a decimal": (
        set_field("facts.fact.json", 0, value=True, unit="USD"),
        [f'facts.fact.json: facts.fact ["{FACT}"]: value: must be a number; found true'],
    ),
    "string for a boolean": (
        set_field("facts.fact.json", 0, unsourced_ok="false"),
        [f'facts.fact.json: facts.fact ["{FACT}"]: unsourced_ok: must be true or false; found the string "false"'],
    ),
    "NUL in a text": (
        set_field("facts.fact.json", 0, statement="Before\x00after."),
        [f'facts.fact.json: facts.fact ["{FACT}"]: statement: contains a NUL character (U+0000)'],
    ),
    "NUL in a natural key": (
        set_field("events.event.json", 0, slug="astana\x00"),
        ['events.event.json: events.event ["astana\\u0000"]: slug: contains a NUL character (U+0000)'],
    ),
    "NUL in a list of natural keys": (
        set_field("facts.fact.json", 1, countries=[["B\x00Y"]]),
        [f'facts.fact.json: facts.fact ["{OTHER_FACT}"]: countries: contains a NUL character (U+0000)'],
    ),
    "NUL in a JSON field": (
        set_field("facts.fact.json", 0, provenance={"statement": {"basis": "editors", "reason": "a\x00b"}}),
        [f'facts.fact.json: facts.fact ["{FACT}"]: provenance: contains a NUL character (U+0000)'],
    ),
    "control character in a quote": (
        lambda fixtures, monkeypatch: edit(
            fixtures,
            "facts.citation.json",
            lambda data: data[0]["fields"].update(quote=data[0]["fields"]["quote"] + "\x07"),
        ),
        ["facts.citation.json: facts.citation", "quote: contains the control character U+0007"],
    ),
    "unpaired surrogate": (
        set_field("facts.fact.json", 0, note="half \ud800 a pair"),
        [f'facts.fact.json: facts.fact ["{FACT}"]: note: contains U+D800, half of a surrogate pair'],
    ),
    "two facts superseding each other": (
        two_facts_superseding_each_other,
        # Refused by Fact.clean or by the check after the load, whichever sees it first.
        ["facts.fact", "superseded_by: ", "cycle", f"{FACT} → {OTHER_FACT}", f"{OTHER_FACT} → {FACT}"],
    ),
    "three new facts superseding each other": (
        three_new_facts_in_a_cycle,
        ['facts.fact ["cycle-a"]: superseded_by: forms a cycle: cycle-a → cycle-b → cycle-c → cycle-a'],
    ),
    "a country holding two statuses at once": (
        an_observer_status_ending_after_membership,
        [
            'countries.country ["IR"]: statuses: Observer state (2005 – 2024) and member state (since 2023) overlap: '
            "a country holds one status at a time."
        ],
    ),
    "a fact disputing itself": (
        set_field("facts.fact.json", 0, disputed_by=[[FACT]]),
        [f'facts.fact ["{FACT}"]: disputed_by: a fact cannot dispute itself'],
    ),
}


@pytest.fixture
def backups(settings, tmp_path):
    """Backups on, into a folder of the test's own: a refused reload must leave none behind."""
    settings.FIXTURE_BACKUPS = True
    settings.FIXTURE_BACKUP_DIR = tmp_path / "backups"
    return settings.FIXTURE_BACKUP_DIR


@pytest.mark.slow  # every kind of bad input, a reload each: make test-all (test_commands keeps a few)
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_with_a_message_and_nothing_changes(loaded, backups, tmp_path, monkeypatch, case):
    spoil, expected = CASES[case]
    fixtures = copy_seed(tmp_path)
    edit(fixtures, "core.topic.json", lambda data: data[0]["fields"].update(name="Renamed topic"))
    spoil(fixtures, monkeypatch)
    before = dump()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("reload_fixtures", "--fixtures-dir", str(fixtures), stdout=out, stderr=err)
    text = str(refused.value)
    assert isinstance(refused.value.__cause__, FixtureError)
    assert "nothing was changed" in text
    for fragment in expected:
        assert fragment in text
    assert "Traceback" not in text + out.getvalue() + err.getvalue()
    assert dump() == before
    assert not backups.exists() or not any(backups.iterdir())


def test_each_problem_of_a_spoiled_object_is_named_once(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    edit(fixtures, "facts.fact.json", lambda data: data[0]["fields"].update(statment="Typo.", countries="BY"))
    with pytest.raises(FixtureError) as refused:
        reload_fixtures(fixtures, backup=False)
    assert refused.value.problems == [
        f'{fixtures / "facts.fact.json"}: facts.fact ["{FACT}"]: countries: must be a list of natural keys, '
        'e.g. [["<iso_code>"]]; found the string "BY"',
        f"{fixtures / 'facts.fact.json'}: facts.fact [\"{FACT}\"]: no field 'statment' on facts.fact "
        "(did you mean 'statement'?)",
    ]


def test_a_quote_missing_from_its_article_is_reported_once(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    edit(fixtures, "facts.citation.json", lambda data: data[0]["fields"].update(quote="Never printed."))
    with pytest.raises(FixtureError) as refused:
        reload_fixtures(fixtures, backup=False)
    problems = refused.value.problems
    assert len(problems) == 1, problems
    assert problems[0].endswith(
        "quote: The quote “Never printed.” does not occur in the article “Xi Jinping and SCO "
        "cooperation: security, connectivity and culture”."
    )


def test_facts_disputing_each_other_are_fine(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)

    def dispute(data):
        data[0]["fields"]["disputed_by"] = [[OTHER_FACT]]
        data[1]["fields"]["disputed_by"] = [[FACT]]

    edit(fixtures, "facts.fact.json", dispute)
    assert "2 change(s) made." in run("--fixtures-dir", str(fixtures))
    assert list(Fact.objects.get(slug=FACT).disputes.values_list("slug", flat=True)) == [OTHER_FACT]


def test_a_conflict_says_how_to_keep_the_edits_or_overwrite_them(loaded):
    fact = Fact.objects.get(slug=FACT)
    fact.statement = "Edited by an editor."
    fact.save()
    with pytest.raises(CommandError) as refused:
        run()
    text = str(refused.value)
    assert f'facts.fact ["{FACT}"]: edited in the admin since the last reload' in text
    assert "To keep these edits: python manage.py export_fixtures, review the diff" in text
    assert "To overwrite them with the fixtures: python manage.py reload_fixtures --force" in text


def test_the_quote_recheck_looks_only_at_rewritten_articles_citations_it_did_not_validate(loaded):
    citations = Citation.objects.select_related("article").order_by("pk")
    citation = next(c for c in citations if citations.filter(quote__startswith=c.quote[:40]).count() == 1)
    article = citation.article
    article.body = "Nothing of what it said."
    article.save()
    others = set(article.citations.exclude(pk=citation.pk).values_list("pk", flat=True))
    everything = recheck_citation_quotes(using="default")
    assert len(everything) == len(others) + 1
    assert recheck_citation_quotes(using="default", changed={"articles.article": set()}) == []
    narrowed = recheck_citation_quotes(
        using="default", changed={"articles.article": {article.pk}, "facts.citation": {citation.pk}}
    )
    assert len(narrowed) == len(others)
    assert not any(citation.quote[:40] in problem for problem in narrowed)


def test_the_cycle_check_reads_the_facts_in_one_query(loaded, django_assert_num_queries):
    slugs = ["cycle-a", "cycle-b", "cycle-c"]
    facts = [Fact.objects.create(slug=slug, statement=slug) for slug in slugs]
    for fact, successor in zip(facts, facts[1:] + facts[:1], strict=True):
        Fact.objects.filter(pk=fact.pk).update(superseded_by=successor)
    with django_assert_num_queries(1):
        problems = check_supersede_cycles(using="default")
    assert problems == ['facts.fact ["cycle-a"]: superseded_by: forms a cycle: cycle-a → cycle-b → cycle-c → cycle-a']
    assert check_supersede_cycles(using="default", changed={"facts.fact": {facts[1].pk}}) == problems
    unrelated = Fact.objects.get(slug=FACT).pk
    assert check_supersede_cycles(using="default", changed={"facts.fact": {unrelated}}) == []


def test_the_self_dispute_check_names_the_fact(loaded):
    fact = Fact.objects.get(slug=FACT)
    fact.disputed_by.add(fact)
    assert check_self_disputes(using="default") == [
        f'facts.fact ["{FACT}"]: disputed_by: a fact cannot dispute itself'
    ]
    assert check_self_disputes(using="default", changed={"facts.fact": set()}) == []


def test_a_stated_provenance_entry_is_refused_naming_the_field(loaded, tmp_path):
    """A quoted value is a citation; provenance keeps only inferred and editors' values."""
    fixtures = copy_seed(tmp_path)
    stated = {"basis": "stated", "article": "china-sco-presidency-road-to-tianjin", "quote": "The SCO"}
    edit(fixtures, "events.event.json", lambda data: data[0]["fields"]["provenance"].update(start_date=stated))
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    assert f'events.event ["{EVENT}"]' in str(refused.value)
    assert "Provenance of “start_date”: a value quoted from a source is cited" in str(refused.value)
