"""The planner and the report, on entries, rows and records built by hand: no database."""

from fixture_sync.canonical import Row
from fixture_sync.files import Entry
from fixture_sync.loading import Record, edited, plan_model
from fixture_sync.reload import ModelCounts, Report

LABEL = "core.topic"


def entry(slug, name):
    return Entry("core.topic.json", LABEL, {"slug": slug, "name": name}, (slug,))


def entries(*pairs):
    return {(slug,): entry(slug, name) for slug, name in pairs}


def record(slug, name, revision=1):
    """What the last reload noted: the digest of the entry it loaded and the revision of the row it wrote."""
    return Record(pk=1, source_digest=entry(slug, name).digest, revision=revision)


def plan(fixtures, rows=(), records=(), *, force=False):
    """Plan ``fixtures`` ({key: Entry}) against ``rows`` ((slug, name, revision)) and ``records`` ({slug: Record})."""
    state = {(slug,): Row(pk=index + 1, revision=revision) for index, (slug, _, revision) in enumerate(rows)}
    canonical = {(slug,): entry(slug, name).canonical for slug, name, _ in rows}
    records = {f'["{slug}"]': value for slug, value in dict(records).items()}
    return plan_model(LABEL, fixtures, state, records, canonical, force=force)


def test_a_new_entry_is_created():
    result = plan(entries(("trade", "Trade")))
    assert [e.key for e in result.creates] == [("trade",)] and not result.conflicts


def test_a_row_equal_to_its_entry_is_unchanged_even_without_a_record():
    result = plan(entries(("trade", "Trade")), [("trade", "Trade", 1)])
    assert [e.key for e in result.unchanged] == [("trade",)]


def test_a_differing_row_the_fixtures_never_loaded_is_a_conflict_and_force_overwrites_it():
    result = plan(entries(("trade", "Trade")), [("trade", "Commerce", 1)])
    assert result.conflicts == [
        'core.topic.json: core.topic ["trade"]: exists in the database but was not loaded from fixtures, and differs'
    ]
    forced = plan(entries(("trade", "Trade")), [("trade", "Commerce", 1)], force=True)
    assert [e.key for e in forced.updates] == [("trade",)] and not forced.conflicts
    assert len(forced.forced) == 1 and "not loaded from fixtures" in forced.forced[0]


def test_a_changed_entry_updates_a_row_whose_revision_did_not_move():
    result = plan(
        entries(("trade", "Trade and economy")), [("trade", "Trade", 3)], {"trade": record("trade", "Trade", 3)}
    )
    assert [e.key for e in result.updates] == [("trade",)] and not result.conflicts


def test_an_untouched_row_is_known_by_its_revision_without_reading_it():
    fixtures, records = entries(("trade", "Trade")), {'["trade"]': record("trade", "Trade", 3)}
    untouched = {("trade",): Row(pk=1, revision=3)}
    assert not edited(untouched[("trade",)], records['["trade"]'])
    result = plan_model(LABEL, fixtures, untouched, records, {})  # no canonical form: it is never read
    assert len(result.unchanged) == 1


def test_a_row_saved_since_the_reload_is_read_and_its_edit_is_a_conflict():
    fixtures, records = entries(("trade", "Trade")), {"trade": record("trade", "Trade", 3)}
    assert edited(Row(1, 4), records["trade"])
    result = plan(fixtures, [("trade", "Edited", 4)], records)
    assert result.conflicts == ['core.topic.json: core.topic ["trade"]: edited in the admin since the last reload']


def test_an_edit_that_the_fixtures_now_agree_with_is_unchanged():
    result = plan(entries(("trade", "Edited")), [("trade", "Edited", 4)], {"trade": record("trade", "Trade", 3)})
    assert len(result.unchanged) == 1 and not result.conflicts


def test_a_row_deleted_in_the_admin_is_a_conflict_and_force_creates_it_again():
    records = {"trade": record("trade", "Trade")}
    result = plan(entries(("trade", "Trade")), [], records)
    assert result.conflicts == ['core.topic.json: core.topic ["trade"]: deleted in the admin since the last reload']
    assert [e.key for e in plan(entries(("trade", "Trade")), [], records, force=True).creates] == [("trade",)]


def test_a_recorded_row_dropped_from_the_fixtures_is_deleted_unless_edited_since():
    records = {"trade": record("trade", "Trade", 1)}
    assert plan({}, [("trade", "Trade", 1)], records).deletes == [("trade",)]
    edited = plan({}, [("trade", "Edited", 2)], records)
    assert edited.deletes == []
    assert edited.conflicts == [
        'core.topic ["trade"]: removed from the fixtures but edited in the admin since the last reload'
    ]
    assert plan({}, [("trade", "Edited", 2)], records, force=True).deletes == [("trade",)]
    gone = plan({}, [], records)  # already deleted: nothing to do
    assert not (gone.deletes or gone.conflicts)


def test_rows_neither_in_the_fixtures_nor_recorded_are_kept_and_counted():
    result = plan(entries(("trade", "Trade")), [("trade", "Trade", 1), ("editor-made", "Mine", 1)])
    assert result.kept == 1


def test_the_report_counts_each_model_in_the_order_given():
    result = plan(
        entries(("new", "New"), ("same", "Same"), ("trade", "Trade")),
        [("same", "Same", 1), ("trade", "Commerce", 1), ("old", "Old", 1)],
        {"old": record("old", "Old")},
        force=True,
    )
    report = Report({LABEL: ModelCounts(), "facts.fact": ModelCounts()})
    report.add(LABEL, result)
    assert list(report.summary_lines()) == [
        "core.topic: 1 created, 1 updated, 1 deleted, 1 unchanged",
        "facts.fact: 0 created, 0 updated, 0 deleted, 0 unchanged",
    ]
    assert report.actions == [
        ("create", LABEL, '["new"]'),
        ("update", LABEL, '["trade"]'),
        ("delete", LABEL, '["old"]'),
    ]
    assert report.changes == 3 and len(report.forced) == 1
