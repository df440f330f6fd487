"""The planner and the report, on entries, rows and records built by hand: no database."""

from types import SimpleNamespace

from fixture_sync.canonical import digest
from fixture_sync.planning import make_plan, rows_to_compare
from fixture_sync.reading import Entry
from fixture_sync.report import Report
from fixture_sync.state import Row

LABEL = "core.topic"


def entry(slug, name):
    return Entry("core.topic.json", LABEL, {"slug": slug, "name": name}, (slug,))


def canonical(slug, name):
    return {"model": LABEL, "fields": {"slug": slug, "name": name}}


def row(slug, name, revision=1):
    return Row(pk=hash(slug) % 1000, revision=revision, canonical=canonical(slug, name))


def record(source, written):
    """What a reload before revisions noted: the entry it loaded and the digest of the row it wrote."""
    return SimpleNamespace(source_digest=digest(source.canonical), db_digest=digest(written.canonical), revision=None)


def record_at(source, revision):
    """What the last reload noted: the entry it loaded and the revision of the row it wrote."""
    return SimpleNamespace(source_digest=digest(source.canonical), db_digest="", revision=revision)


def plan(entries, rows=(), records=None, *, force=False):
    state = {LABEL: {(r.canonical["fields"]["slug"],): r for r in rows}}
    return make_plan(entries, state, records or {}, force=force)


def test_a_new_entry_is_created():
    result = plan([entry("trade", "Trade")])
    assert [e.key for e in result.creates] == [("trade",)]
    assert result.changes == 1 and not result.conflicts


def test_a_row_equal_to_its_entry_is_unchanged_even_without_a_record():
    result = plan([entry("trade", "Trade")], [row("trade", "Trade")])
    assert [e.key for e in result.unchanged] == [("trade",)]
    assert result.changes == 0


def test_a_differing_row_the_fixtures_never_loaded_is_a_conflict():
    result = plan([entry("trade", "Trade")], [row("trade", "Commerce")])
    assert result.conflicts == [
        'core.topic.json: core.topic ["trade"]: exists in the database but was not loaded from fixtures, and differs'
    ]
    assert result.changes == 0


def test_force_overwrites_a_conflict_and_names_it():
    result = plan([entry("trade", "Trade")], [row("trade", "Commerce")], force=True)
    assert not result.conflicts
    assert [e.key for e in result.updates] == [("trade",)]
    assert len(result.forced) == 1 and "not loaded from fixtures" in result.forced[0]


def test_a_changed_entry_updates_a_row_nobody_edited():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([entry("trade", "Trade and economy")], [row("trade", "Trade")], records)
    assert [e.key for e in result.updates] == [("trade",)]


def test_an_unchanged_entry_and_an_untouched_row_are_unchanged():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([entry("trade", "Trade")], [row("trade", "Trade")], records)
    assert len(result.unchanged) == 1 and result.changes == 0


def test_a_row_edited_since_the_reload_is_a_conflict_even_if_the_entry_did_not_change():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([entry("trade", "Trade")], [row("trade", "Edited")], records)
    assert result.conflicts == ['core.topic.json: core.topic ["trade"]: edited in the admin since the last reload']


def test_an_edit_that_the_fixtures_now_agree_with_is_unchanged():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([entry("trade", "Edited")], [row("trade", "Edited")], records)
    assert len(result.unchanged) == 1 and not result.conflicts


def test_a_row_deleted_in_the_admin_is_a_conflict_and_force_creates_it_again():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([entry("trade", "Trade")], [], records)
    assert result.conflicts == ['core.topic.json: core.topic ["trade"]: deleted in the admin since the last reload']
    forced = plan([entry("trade", "Trade")], [], records, force=True)
    assert [e.key for e in forced.creates] == [("trade",)]


def test_a_recorded_row_dropped_from_the_fixtures_is_deleted():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([], [row("trade", "Trade")], records)
    assert result.deletes == [(LABEL, ("trade",))]


def test_a_dropped_row_edited_since_is_a_conflict_not_a_delete():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([], [row("trade", "Edited")], records)
    assert result.deletes == []
    assert result.conflicts == [
        'core.topic ["trade"]: removed from the fixtures but edited in the admin since the last reload'
    ]
    assert plan([], [row("trade", "Edited")], records, force=True).deletes == [(LABEL, ("trade",))]


def test_a_recorded_row_already_gone_needs_nothing():
    records = {(LABEL, '["trade"]'): record(row("trade", "Trade"), row("trade", "Trade"))}
    result = plan([], [], records)
    assert result.changes == 0 and not result.conflicts


def test_rows_neither_in_the_fixtures_nor_recorded_are_kept_and_counted():
    result = plan([entry("trade", "Trade")], [row("trade", "Trade"), row("editor-made", "Mine")])
    assert result.kept == 1 and result.changes == 0


def test_the_report_counts_each_model_in_the_order_given():
    records = {(LABEL, '["old"]'): record(row("old", "Old"), row("old", "Old"))}
    result = plan(
        [entry("new", "New"), entry("same", "Same"), entry("trade", "Trade")],
        [row("same", "Same"), row("trade", "Commerce"), row("old", "Old")],
        records,
        force=True,
    )
    report = Report.from_plan(result, ["core.topic", "facts.fact"], dry_run=True)
    assert list(report.summary_lines()) == [
        "core.topic: 1 created, 1 updated, 1 deleted, 1 unchanged",
        "facts.fact: 0 created, 0 updated, 0 deleted, 0 unchanged",
    ]
    assert report.actions == [
        ("create", LABEL, '["new"]'),
        ("update", LABEL, '["trade"]'),
        ("delete", LABEL, '["old"]'),
    ]
    assert report.changes == 3 and report.dry_run and len(report.forced) == 1


def test_an_untouched_row_is_known_by_its_revision_without_reading_it():
    records = {(LABEL, '["trade"]'): record_at(row("trade", "Trade"), 3)}
    untouched = Row(pk=1, revision=3)  # no canonical form: it is never read
    assert rows_to_compare([entry("trade", "Trade")], {LABEL: {("trade",): untouched}}, records) == {}
    result = make_plan([entry("trade", "Trade")], {LABEL: {("trade",): untouched}}, records, force=False)
    assert len(result.unchanged) == 1 and result.changes == 0


def test_a_row_saved_since_the_reload_is_read_and_its_edit_is_a_conflict():
    records = {(LABEL, '["trade"]'): record_at(row("trade", "Trade"), 3)}
    state = {LABEL: {("trade",): row("trade", "Edited", revision=4)}}
    assert rows_to_compare([entry("trade", "Trade")], state, records) == {LABEL: [("trade",)]}
    result = make_plan([entry("trade", "Trade")], state, records, force=False)
    assert result.conflicts == ['core.topic.json: core.topic ["trade"]: edited in the admin since the last reload']


def test_a_changed_entry_updates_a_row_whose_revision_did_not_move():
    records = {(LABEL, '["trade"]'): record_at(row("trade", "Trade"), 3)}
    state = {LABEL: {("trade",): Row(pk=1, revision=3)}}
    result = make_plan([entry("trade", "Trade and economy")], state, records, force=False)
    assert [e.key for e in result.updates] == [("trade",)] and not result.conflicts
