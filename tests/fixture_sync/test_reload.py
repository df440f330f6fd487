"""What makes a reload cheap: nothing read when nothing changed, edits known by revision,
and only the changed rows written and announced."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import fixture_sync.reload
from facts.models import Citation, Fact
from fixture_sync.canonical import model_rows, synced_models
from fixture_sync.errors import ConflictError, FixtureError
from fixture_sync.models import FixtureRecord, FixtureState
from fixture_sync.reload import reload_fixtures
from fixture_sync.synthetic import grow_content

from .helpers import SEED, copy_seed, edit_json

pytestmark = pytest.mark.django_db


def test_a_reload_with_nothing_to_do_reads_no_file_and_no_row(monkeypatch):
    reload_fixtures(SEED, backup=False)  # notes the files and rows as they are
    monkeypatch.setattr(fixture_sync.reload, "scan_fixture_dir", pytest.fail)
    with CaptureQueriesContext(connection) as queries:
        report = reload_fixtures(SEED, backup=False)
    assert report.changes == 0
    assert report.counts["facts.fact"].unchanged == Fact.objects.count()
    assert report.counts["facts.citation"].unchanged == Citation.objects.count()
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 15, reads  # a key-and-revision query per model, and the stored state


def test_an_edit_or_a_changed_file_makes_the_reload_look_again(tmp_path):
    reload_fixtures(SEED, backup=False)
    fact = Fact.objects.order_by("slug").first()
    fact.statement = "Edited by an editor."
    fact.save()
    with pytest.raises(ConflictError, match="edited in the admin since the last reload"):
        reload_fixtures(SEED, backup=False)
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.fact.json", lambda data: data[0]["fields"].update(statement="Edited by an editor."))
    report = reload_fixtures(fixtures, backup=False)
    assert report.changes == 0  # the edit and the fixtures now agree
    assert FixtureState.objects.get().files_digest


def test_every_save_bumps_the_revision_the_records_compare():
    fact = Fact.objects.order_by("slug").first()
    record = FixtureRecord.objects.get(model="facts.fact", key=f'["{fact.slug}"]')
    assert record.revision == fact.revision
    fact.save()
    assert Fact.objects.get(pk=fact.pk).revision == record.revision + 1


def current_rows():
    return {label: model_rows(synced) for label, synced in synced_models().items()}


def test_only_the_changed_rows_are_written_and_announced(tmp_path, monkeypatch):
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.fact.json", lambda data: data[0]["fields"].update(statement="Changed in fixtures."))
    before = current_rows()
    announced = []
    monkeypatch.setattr(fixture_sync.reload, "contents_changed", lambda changes: announced.extend(changes.items()))
    report = reload_fixtures(fixtures, backup=False)
    assert report.changes == 1 and report.counts["facts.fact"].updated == 1
    after = current_rows()
    moved = [(label, key) for label, rows in after.items() for key, row in rows.items() if row != before[label][key]]
    changed = Fact.objects.get(statement="Changed in fixtures.")
    assert moved == [("facts.fact", (changed.slug,))]
    assert (Fact, {changed.pk}) in announced
    assert all(len(pks) <= 1 or model is not Fact for model, pks in announced)


def test_a_reload_into_a_grown_database_leaves_editors_rows_alone():
    grow_content(factor=1, seed=3)
    report = reload_fixtures(SEED, backup=False)
    assert report.changes == 0 and report.kept > 0


def test_references_to_rows_of_the_same_model_loaded_later_are_set(empty_db, tmp_path):
    """A supersede or a dispute naming a fact further down the file is set once the facts are written."""
    fixtures = copy_seed(tmp_path)
    first, last = "astana-initiative-solidarity-global-justice", "zhang-haizhou-sco-central-to-china-foreign-policy"

    def link_first_to_last(data):
        data[0]["fields"]["disputed_by"] = [[last]]
        data[0]["fields"]["superseded_by"] = [last]

    edit_json(fixtures / "facts.fact.json", link_first_to_last)
    report = reload_fixtures(fixtures, backup=False)
    assert report.counts["facts.fact"].created == Fact.objects.count() == 91
    fact = Fact.objects.get(slug=first)
    assert fact.superseded_by.slug == last
    assert [other.slug for other in fact.disputed_by.all()] == [last]
    assert Citation.objects.count() == report.counts["facts.citation"].created
    assert reload_fixtures(fixtures, backup=False).changes == 0


def test_a_reference_to_a_row_the_fixtures_do_not_bring_is_named(empty_db, tmp_path):
    fixtures = copy_seed(tmp_path)

    def point_at_nothing(data):
        data[0]["fields"]["superseded_by"] = ["no-such-fact"]
        data[1]["fields"]["disputed_by"] = [["no-such-fact-either"]]

    edit_json(fixtures / "facts.fact.json", point_at_nothing)
    with pytest.raises(FixtureError) as refused:
        reload_fixtures(fixtures, backup=False)
    assert refused.value.problems == [
        f'{fixtures / "facts.fact.json"}: facts.fact ["astana-initiative-solidarity-global-justice"]: superseded_by: '
        "dangling reference: no facts.fact ['no-such-fact'] in the fixtures or the database",
        f'{fixtures / "facts.fact.json"}: facts.fact ["belarus-tenth-member-astana-2024"]: disputed_by: '
        "dangling reference: no facts.fact ['no-such-fact-either'] in the fixtures or the database",
    ]
    assert not Fact.objects.exists()
