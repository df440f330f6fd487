"""The reader, on the seed files and on tiny fixture files written for each test: no database."""

import json

import pytest

from fixture_sync.canonical import synced_models
from fixture_sync.errors import FixtureError
from fixture_sync.files import read_entries, scan_fixture_dir

from .helpers import SEED

TOPIC = {"model": "core.topic", "fields": {"slug": "trade", "name": "Trade", "description": ""}}
CITATION = {
    "model": "facts.citation",
    "fields": {"fact": ["a-fact"], "article": ["an-article"], "quote": "A quote.", "start": 3, "end": 11},
}


def write(directory, name, content):
    path = directory / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def read(directory):
    """Every entry of ``directory``, in load order, as a reload reads them a model at a time."""
    synced = synced_models()
    files, entries, problems = scan_fixture_dir(directory, synced), [], []
    for label in synced:
        found, duplicates = read_entries(files, label, synced)
        entries.extend(found.values())
        problems.extend(duplicates)
    if problems:
        raise FixtureError(problems)
    return entries


def problems(directory):
    with pytest.raises(FixtureError) as refused:
        read(directory)
    return refused.value.problems


def test_seed_holds_the_promised_content():
    counts = {}
    for entry in read(SEED):
        counts[entry.label] = counts.get(entry.label, 0) + 1
    assert counts["articles.article"] >= 5
    assert counts["countries.country"] == 26
    assert counts["events.event"] >= 15
    assert counts["facts.fact"] >= 40
    assert counts["facts.citation"] >= 50
    assert counts["countries.countrystatus"] == 26


def test_every_citation_in_the_fixtures_is_verbatim_in_its_article():
    articles = json.loads((SEED / "articles.article.json").read_text(encoding="utf-8"))
    bodies = {item["fields"]["slug"]: item["fields"]["body"] for item in articles}
    citations = json.loads((SEED / "facts.citation.json").read_text(encoding="utf-8"))
    assert citations
    for item in citations:
        (article,) = item["fields"]["article"]
        assert item["fields"]["quote"] in bodies[article], item["fields"]["quote"]


def test_entries_come_in_load_order_whatever_the_file_names(tmp_path):
    write(tmp_path, "a.json", [CITATION])
    write(tmp_path, "z.json", [TOPIC])
    assert [entry.label for entry in read(tmp_path)] == ["core.topic", "facts.citation"]


def test_a_natural_key_takes_the_keys_of_the_rows_it_refers_to(tmp_path):
    write(tmp_path, "facts.citation.json", [CITATION])
    (entry,) = read(tmp_path)
    assert entry.key == ("a-fact", "an-article", "A quote.")
    assert entry.where() == f'{tmp_path / "facts.citation.json"}: facts.citation ["a-fact", "an-article", "A quote."]'


def test_derived_fields_are_dropped_on_reading(tmp_path):
    write(tmp_path, "facts.citation.json", [CITATION])
    (entry,) = read(tmp_path)
    assert "start" not in entry.fields and "end" not in entry.fields
    assert entry.canonical == {
        "model": "facts.citation",
        "fields": {"fact": ["a-fact"], "article": ["an-article"], "quote": "A quote."},
    }


def test_the_model_label_is_read_case_insensitively(tmp_path):
    write(tmp_path, "core.topic.json", [{**TOPIC, "model": "core.Topic"}])
    assert [entry.label for entry in read(tmp_path)] == ["core.topic"]


def test_a_missing_directory_is_refused(tmp_path):
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: not a directory"]


def test_a_directory_without_fixture_files_is_refused(tmp_path):
    write(tmp_path, "notes.txt", "not a fixture")
    assert problems(tmp_path) == [f"{tmp_path}: no fixture files (*.json)"]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    write(tmp_path, "a.json", '[{"model": "core.topic",')
    (tmp_path / "b.json").write_bytes(b"[\xff]")
    write(tmp_path, "c.json", {"model": "core.topic"})
    write(
        tmp_path,
        "d.json",
        [
            "a string",
            {"model": "auth.user", "fields": {"username": "x"}},
            {**TOPIC, "pk": 3},
            {"model": "core.topic", "fields": {"slug": "", "name": "No slug"}},
            {"model": "facts.citation", "fields": {"fact": ["f"], "article": [], "quote": "q"}},
            TOPIC,
        ],
    )
    found = problems(tmp_path)
    assert found[0].startswith(f"{tmp_path / 'a.json'}: invalid JSON at line 1, column ")
    assert found[1].startswith(f"{tmp_path / 'b.json'}: not UTF-8 text (")
    assert found[2:] == [
        f"{tmp_path / 'c.json'}: expected a list of objects, found dict",
        f"{tmp_path / 'd.json'}: object #1: expected {{'model': ..., 'fields': {{...}}}}",
        f"{tmp_path / 'd.json'}: object #2: unknown model 'auth.user'",
        f"{tmp_path / 'd.json'}: object #3 (core.topic): has a primary key; fixtures use natural keys only",
        f"{tmp_path / 'd.json'}: object #4 (core.topic): natural key field(s) missing: slug",
        f"{tmp_path / 'd.json'}: object #5 (facts.citation): natural key field(s) missing: article",
    ]


def test_a_natural_key_used_twice_is_refused_naming_both_files(tmp_path):
    write(tmp_path, "a.json", [TOPIC])
    write(tmp_path, "b.json", [TOPIC])
    assert problems(tmp_path) == [
        f'{tmp_path / "b.json"}: core.topic ["trade"]: duplicate natural key (also in {tmp_path / "a.json"})'
    ]
