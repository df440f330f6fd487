"""reload_fixtures, export_fixtures and grow_content, end to end on the seed fixtures."""

import io
import json
import sqlite3
import threading
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.forms import modelform_factory

from articles.models import Article
from core import locks
from core.models import Topic
from core.version import content_version
from countries.models import Country, CountryAlias, CountryStatus
from facts.models import Citation, Fact
from fixture_sync.backup import BackupError, check
from fixture_sync.canonical import SYNTHETIC_PREFIX
from fixture_sync.models import FixtureRecord
from fixture_sync.reload import reload_fixtures
from fixture_sync.templatetags.fixture_state import reload_state
from tests.helpers import empty_database

from .helpers import LOAD_ORDER, SEED, copy_seed, dump, edit_json, run


def test_seed_composition_is_ten_members_two_observers_fourteen_partners(loaded):
    current = CountryStatus.objects.current()
    assert current.in_group("member").count() == 10
    assert current.in_group("observer").count() == 2
    assert current.in_group("dialogue_partner").count() == 14


def test_first_reload_reports_counts_and_second_reports_zero_changes(empty_db):
    first = run()
    assert "facts.citation:" in first and "created" in first
    second = run()
    assert "0 changes" in second
    assert all(
        " 0 created, 0 updated, 0 deleted" in line
        for line in second.splitlines()
        if ": " in line and "unchanged" in line
    )


def test_the_summary_lists_every_synced_model_in_load_order(loaded):
    labels = [line.split(":")[0] for line in run().splitlines() if line.endswith(" unchanged")]
    assert labels == LOAD_ORDER


def test_export_right_after_reload_reproduces_the_fixtures_byte_for_byte(loaded, tmp_path):
    call_command("export_fixtures", "--output", str(tmp_path), stdout=io.StringIO())
    for path in SEED.glob("*.json"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_export_then_reload_into_an_empty_database_gives_the_same_content(loaded, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_fixtures", "--output", str(first), stdout=io.StringIO())
    empty_database()
    assert not Fact.objects.exists()
    run("--fixtures-dir", str(first))
    call_command("export_fixtures", "--output", str(second), stdout=io.StringIO())
    for path in first.glob("*.json"):
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name


def test_dry_run_lists_changes_and_writes_nothing(empty_db):
    before = dump()
    output = run("--dry-run")
    assert "would create facts.fact" in output
    assert "Dry run" in output
    assert dump() == before
    assert not FixtureRecord.objects.exists()


BAD_FIXTURES = {
    "quote not in its article": (
        "facts.citation.json",
        lambda data: data[0]["fields"].update(quote="A sentence no source ever printed."),
        "does not occur in the article",
    ),
    "dangling reference": (
        "facts.citation.json",
        lambda data: data[0]["fields"].update(article=["no-such-article"]),
        "dangling reference",
    ),
    "over-long field": (
        "articles.article.json",
        lambda data: data[0]["fields"].update(title="x" * 301),
        "title: Ensure this value has at most 300 characters",
    ),
    "duplicate natural key": (
        "events.event.json",
        lambda data: data.append(data[0]),
        "duplicate natural key",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FIXTURES))
def test_bad_fixture_is_refused_with_file_and_object_and_nothing_changes(loaded, tmp_path, case):
    filename, change, message = BAD_FIXTURES[case]
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / filename, change)
    # Also change something valid, so that a partial write would show in the dump.
    edit_json(fixtures / "core.topic.json", lambda data: data[0]["fields"].update(name="Renamed topic"))
    before = dump()
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    text = str(refused.value)
    assert message in text
    assert filename in text
    assert "nothing was changed" in text
    assert dump() == before


def test_broken_json_is_refused_with_file_line_and_column(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    path = fixtures / "facts.fact.json"
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    before = dump()
    with pytest.raises(CommandError, match=r"facts\.fact\.json: invalid JSON at line \d+, column \d+"):
        run("--fixtures-dir", str(fixtures))
    assert dump() == before


def test_refused_reload_into_an_empty_database_leaves_it_empty(empty_db, tmp_path):
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.citation.json", lambda data: data[-1]["fields"].update(quote="Not there at all."))
    with pytest.raises(CommandError):
        run("--fixtures-dir", str(fixtures))
    assert not Fact.objects.exists() and not Country.objects.exists()


def edit_fact_as_the_admin_would(fact, statement):
    form_class = modelform_factory(Fact, exclude=())
    data = {name: value for name, value in form_class(instance=fact).initial.items() if value is not None}
    data["statement"] = statement
    data["countries"] = [c.pk for c in fact.countries.all()]
    data["events"] = [e.pk for e in fact.events.all()]
    data["disputed_by"] = [f.pk for f in fact.disputed_by.all()]
    data["other_scopes"] = [f.pk for f in fact.other_scopes.all()]
    form = form_class(data, instance=fact)
    assert form.is_valid(), form.errors
    form.save()


def test_an_admin_edit_survives_a_reload_that_names_the_conflict(loaded, tmp_path):
    fact = Fact.objects.order_by("slug").first()
    edit_fact_as_the_admin_would(fact, "Edited by an editor.")
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.fact.json", lambda data: data[0]["fields"].update(statement="Changed in fixtures."))
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    assert fact.slug in str(refused.value)
    assert "edited in the admin since the last reload" in str(refused.value)
    fact.refresh_from_db()
    assert fact.statement == "Edited by an editor."

    # An unchanged fixture also stops: the edit is not in the fixtures yet.
    with pytest.raises(CommandError, match="edited in the admin"):
        run()

    output = run("--fixtures-dir", str(fixtures), "--force")
    assert "overwritten (--force)" in output
    fact.refresh_from_db()
    assert fact.statement == "Changed in fixtures."


def test_a_conflict_is_reported_with_the_problems_found_beside_it(loaded, tmp_path):
    edit_fact_as_the_admin_would(Fact.objects.order_by("slug").first(), "Edited by an editor.")
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.fact.json", lambda data: data[0]["fields"].update(statement="Changed in fixtures."))
    edit_json(fixtures / "facts.citation.json", lambda data: data[-1]["fields"].update(quote="Not in its article."))
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    message = str(refused.value)
    assert "edited in the admin since the last reload" in message
    assert "The fixtures have 1 problem(s) too:" in message and "Not in its article." in message


def test_the_admin_is_told_which_rows_were_edited_since_the_reload(loaded):
    fact = Fact.objects.order_by("slug").first()
    assert reload_state(fact) == "unchanged since the last reload"
    edit_fact_as_the_admin_would(fact, "Edited by an editor.")
    assert reload_state(Fact.objects.get(pk=fact.pk)).startswith("edited since the last reload")
    editor_made = Fact.objects.create(slug="editor-made", statement="Added by an editor.")
    assert reload_state(editor_made) == "not loaded from the fixtures (export to keep it)"
    assert reload_state(Fact()) == ""


def test_export_adopts_admin_edits_so_the_next_reload_changes_nothing(loaded, tmp_path):
    fact = Fact.objects.order_by("slug").first()
    edit_fact_as_the_admin_would(fact, "Edited by an editor.")
    call_command("export_fixtures", "--output", str(tmp_path), stdout=io.StringIO())
    assert "Edited by an editor." in (tmp_path / "facts.fact.json").read_text(encoding="utf-8")
    assert "0 changes" in run("--fixtures-dir", str(tmp_path))


def test_an_export_elsewhere_adopts_nothing_so_the_fixtures_still_meet_the_edit(loaded, tmp_path):
    fact = Fact.objects.order_by("slug").first()
    edit_fact_as_the_admin_would(fact, "Edited by an editor.")
    out = io.StringIO()
    call_command("export_fixtures", "--output", str(tmp_path), stdout=out)
    assert "admin edits were not adopted" in out.getvalue()
    with pytest.raises(CommandError) as refused:
        run()  # the seed fixtures, which do not hold the edit
    assert "edited in the admin since the last reload" in str(refused.value)
    assert Fact.objects.get(pk=fact.pk).statement == "Edited by an editor."


def test_an_export_that_cannot_be_written_says_why_without_a_traceback(loaded, tmp_path):
    (tmp_path / "a-file").write_text("where the folder should be")
    with pytest.raises(CommandError, match="Cannot write the fixtures to .*a-file: File exists."):
        call_command("export_fixtures", "--output", str(tmp_path / "a-file"), stdout=io.StringIO())


def test_rows_dropped_from_the_fixtures_are_deleted_unless_edited(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    citations = json.loads((fixtures / "facts.citation.json").read_text(encoding="utf-8"))
    dropped = citations[0]["fields"]
    edit_json(fixtures / "facts.citation.json", lambda data: data.pop(0))
    output = run("--fixtures-dir", str(fixtures))
    assert "facts.citation: 0 created, 0 updated, 1 deleted" in output
    assert not Citation.objects.filter(quote=dropped["quote"], fact__slug=dropped["fact"][0]).exists()


def test_a_fact_renamed_in_the_fixtures_whose_citations_still_name_it_is_refused_not_cascaded(loaded, tmp_path):
    fixtures, before = copy_seed(tmp_path), dump()
    old = "astana-initiative-solidarity-global-justice"
    edit_json(
        fixtures / "facts.fact.json",
        lambda data: [e["fields"].update(slug=f"{old}-2024") for e in data if e["fields"]["slug"] == old],
    )
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    taken = "removed from the fixtures, but deleting it would also delete 1 facts.citation row"  # still naming it
    assert f'facts.fact ["{old}"]: {taken}' in str(refused.value)
    assert dump() == before


def drop_fact(fixtures, slug):
    """The fixtures without the fact ``slug``, its citations and the statuses' references to it."""
    edit_json(
        fixtures / "facts.fact.json", lambda data: data.remove(next(e for e in data if e["fields"]["slug"] == slug))
    )
    edit_json(
        fixtures / "facts.citation.json",
        lambda data: [data.remove(e) for e in list(data) if e["fields"]["fact"] == [slug]],
    )
    edit_json(
        fixtures / "countries.countrystatus.json",
        lambda data: [e["fields"].update(fact=None) for e in data if e["fields"]["fact"] == [slug]],
    )


def test_a_dropped_fact_goes_with_its_links_to_countries_and_events(loaded, tmp_path):
    fact = Fact.objects.get(slug="belarus-tenth-member-astana-2024")
    assert fact.countries.exists() and fact.events.exists()
    fixtures = copy_seed(tmp_path)
    drop_fact(fixtures, fact.slug)
    output = run("--fixtures-dir", str(fixtures))
    assert "facts.fact: 0 created, 0 updated, 1 deleted" in output
    assert not Fact.objects.filter(slug=fact.slug).exists()


def test_a_dropped_fact_an_editor_cited_is_refused_not_deleted_with_the_citation(loaded, tmp_path):
    fact = Fact.objects.get(slug="belarus-tenth-member-astana-2024")
    citation = Citation.objects.exclude(fact=fact).select_related("article").first()
    Citation.objects.create(
        fact=fact, article=citation.article, quote=citation.quote, start=citation.start, end=citation.end
    )  # cited in the admin: no fixture knows it
    fixtures, before = copy_seed(tmp_path), dump()
    drop_fact(fixtures, fact.slug)
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    assert (
        f'facts.fact ["{fact.slug}"]: removed from the fixtures, but deleting it would also delete 1 '
        "facts.citation row referring to it"
    ) in str(refused.value)
    assert dump() == before


def test_a_dropped_article_its_kept_citations_protect_is_named_with_a_count(loaded, tmp_path):
    fixtures, before = copy_seed(tmp_path), dump()
    slug = "xi-jinping-and-the-sco"
    edit_json(
        fixtures / "articles.article.json",
        lambda data: data.remove(next(e for e in data if e["fields"]["slug"] == slug)),
    )
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    cited = Citation.objects.filter(article__slug=slug).count()
    assert (
        f'articles.article ["{slug}"]: removed from the fixtures, but {cited} facts.citation rows still refer to it'
        in (str(refused.value))
    )
    assert "<Citation" not in str(refused.value) and dump() == before


def test_rows_created_in_the_admin_are_left_alone(loaded):
    Fact.objects.create(slug="editor-made", statement="Added by an editor.")
    output = run()
    assert "0 changes" in output
    assert Fact.objects.filter(slug="editor-made").exists()


def test_a_changing_reload_writes_a_backup_first(empty_db, tmp_path, settings):
    settings.FIXTURE_BACKUPS = True
    settings.FIXTURE_BACKUP_DIR = tmp_path / "backups"
    output = run()
    assert "Backup written before changing anything" in output
    assert any((tmp_path / "backups").iterdir())


def renamed_topic(tmp_path, name):
    """The seed with its first topic renamed: a reload with something to change."""
    fixtures = copy_seed(tmp_path / name)
    edit_json(fixtures / "core.topic.json", lambda data: data[0]["fields"].update(name=name))
    return fixtures


def test_a_backup_that_cannot_be_written_stops_the_reload_and_nothing_changes(loaded, tmp_path, settings):
    settings.FIXTURE_BACKUPS = True
    settings.FIXTURE_BACKUP_DIR = tmp_path / "backups"
    settings.FIXTURE_BACKUP_DIR.write_text("a file where the backups' folder should be")
    fixtures, before, version = renamed_topic(tmp_path, "Renamed"), dump(), content_version()
    with pytest.raises(CommandError) as refused:
        run("--fixtures-dir", str(fixtures))
    assert isinstance(refused.value.__cause__, BackupError)
    assert "No backup could be written, so nothing was changed" in str(refused.value)
    assert "python manage.py reload_fixtures --no-backup" in str(refused.value)
    assert dump() == before and content_version() == version
    assert "1 change(s) made." in run("--fixtures-dir", str(fixtures), "--no-backup")  # at the editor's own risk
    assert Topic.objects.filter(name="Renamed").exists() and content_version() != version


def test_a_failure_after_the_rows_are_written_rolls_back_everything(loaded, tmp_path, monkeypatch):
    """The search index, the history and the content version are written in the reload's transaction."""

    def full(todo):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr("search.index.reindex", full)
    fixtures, before, version = renamed_topic(tmp_path, "Renamed"), dump(), content_version()
    with pytest.raises(CommandError, match="The database refused the reload, so nothing was changed: database or"):
        run("--fixtures-dir", str(fixtures))
    assert dump() == before and content_version() == version


def test_backups_beyond_the_kept_number_are_deleted_oldest_first(loaded, tmp_path, settings):
    settings.FIXTURE_BACKUPS, settings.FIXTURE_BACKUPS_KEPT = True, 2
    backups = settings.FIXTURE_BACKUP_DIR = tmp_path / "backups"
    backups.mkdir()
    old = [backups / f"before-reload-2020010{day}T000000000000.sqlite3" for day in (1, 2)]
    for path in [*old, backups / "notes.txt", backups / ".before-reload-20200101T000000000000.sql.partial"]:
        path.write_text("kept by hand")  # the last one left by a reload killed while writing its backup
    run("--fixtures-dir", str(renamed_topic(tmp_path, "Renamed")))
    (new,) = set(backups.glob("before-reload-2*")) - set(old)
    assert sorted(backups.iterdir()) == sorted([old[1], new, backups / "notes.txt"])
    check(new, dump=new.suffix == ".sql")  # whole: a dump on PostgreSQL, a database file on SQLite


def truncated_sqlite(path):
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 1000)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("dump_file", "write", "reason"),
    [
        (
            True,
            lambda path: path.write_text("--\n-- PostgreSQL database dump\n--\nCOPY public.t (x) FROM stdin;\n"),
            "incomplete",
        ),
        (True, lambda path: path.write_text(""), "incomplete"),
        (False, truncated_sqlite, "damaged|malformed"),
        (False, lambda path: path.write_text(""), "not an SQLite database"),
    ],
)
def test_an_incomplete_backup_is_refused(tmp_path, dump_file, write, reason):
    path = tmp_path / "partial"
    write(path)
    with pytest.raises((BackupError, sqlite3.Error), match=reason):
        check(path, dump=dump_file)


def test_grow_content_adds_marked_content_in_proportion_and_export_leaves_it_out(loaded, tmp_path):
    facts_before = Fact.objects.count()
    call_command("grow_content", "--factor", "2", stdout=io.StringIO())
    synthetic = Fact.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    assert synthetic.count() == 2 * facts_before
    for citation in Citation.objects.filter(fact__in=synthetic).select_related("article"):
        assert citation.article.body[citation.start : citation.end] == citation.quote
    call_command("export_fixtures", "--output", str(tmp_path), stdout=io.StringIO())
    assert SYNTHETIC_PREFIX not in (tmp_path / "facts.fact.json").read_text(encoding="utf-8")
    assert "0 changes" in run()


def test_grow_content_remove_deletes_every_synthetic_row(loaded):
    facts_before = Fact.objects.count()
    call_command("grow_content", "--factor", "1", stdout=io.StringIO())
    output = io.StringIO()
    call_command("grow_content", "--remove", stdout=output)
    assert "Synthetic content removed." in output.getvalue()
    assert Fact.objects.count() == facts_before
    assert not Fact.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists()


def test_reload_function_returns_a_report(empty_db):
    report = reload_fixtures(SEED, backup=False)
    assert report.counts["facts.fact"].created >= 40
    assert report.changes > 0


def test_the_checks_of_the_settings_run_after_loading_and_can_refuse(empty_db, settings):
    settings.FIXTURE_CHECKS = ["facts.services.recheck_citation_quotes", "tests.fixture_sync.test_commands.refuse"]
    with pytest.raises(CommandError, match="refused by a test check"):
        run()
    assert not Fact.objects.exists()


def refuse(*, using, changed):
    return ["refused by a test check"]


def test_content_changed_is_announced_once_after_a_changing_reload_only(empty_db, monkeypatch):
    calls = []
    monkeypatch.setattr("fixture_sync.reload.contents_changed", calls.append)
    run("--dry-run")
    assert calls == []
    run()
    assert len(calls) == 1, "one announcement for the whole reload"
    announced = {model._meta.label_lower: len(pks) for model, pks in calls[0].items()}
    assert announced["facts.fact"] == Fact.objects.count()
    assert announced["articles.article"] == Article.objects.count()
    assert announced["countries.country"] == Country.objects.count()
    run()
    assert len(calls) == 1


def test_a_reload_kept_waiting_for_the_lock_stops_and_changes_nothing(seed, monkeypatch):
    """Behind an editor's save that does not end, on PostgreSQL (SQLite's busy timeout does the same)."""
    if connection.vendor != "postgresql":
        pytest.skip("the lock wait is PostgreSQL's lock_timeout; SQLite's busy timeout is 20 s")
    monkeypatch.setattr(locks, "RELOAD_LOCK_WAIT", "200ms")
    holding, done = threading.Event(), threading.Event()

    def stuck_save():
        try:
            with locks.content_transaction():
                holding.set()
                done.wait(30)
        finally:
            connection.close()

    editor = threading.Thread(target=stuck_save)
    editor.start()
    holding.wait(30)
    version = content_version()
    try:
        with pytest.raises(CommandError, match="nothing was changed: canceling statement due to lock timeout"):
            call_command("reload_fixtures", "--force", "--no-backup", verbosity=0)
    finally:
        done.set()
        editor.join()
    assert content_version() == version


def test_links_changed_outside_a_save_are_an_edit_the_reload_keeps(loaded):
    """``fact.countries.add()`` in a shell, or from the country's side, moves the fact's revision as a save
    does: the next reload names the edit instead of undoing it."""
    fact = Fact.objects.filter(countries__isnull=False).order_by("slug").first()
    country = Country.objects.exclude(facts=fact).order_by("iso_code").first()
    revision = fact.revision
    fact.countries.add(country)
    fact.refresh_from_db()
    assert fact.revision == revision + 1
    country.facts.remove(fact)
    country.facts.add(fact)
    fact.refresh_from_db()
    assert fact.revision == revision + 3
    with pytest.raises(CommandError, match=f"{fact.slug}.*edited in the admin since the last reload"):
        run()
    assert fact.countries.filter(pk=country.pk).exists()
    fact.countries.add(country)  # linked already: nothing changes
    fact.refresh_from_db()
    assert fact.revision == revision + 3
    fact.countries.clear()
    fact.refresh_from_db()
    assert fact.revision == revision + 4


def test_a_model_no_file_holds_any_more_is_refused_not_emptied(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    (fixtures / "countries.countryalias.json").unlink()  # lost to a checkout or a typo
    aliases = CountryAlias.objects.count()
    with pytest.raises(CommandError, match=r"countries\.countryalias: no fixture file holds it, but the last reload"):
        run("--fixtures-dir", str(fixtures), "--dry-run")
    assert CountryAlias.objects.count() == aliases > 0
    (fixtures / "countries.countryalias.json").write_text("[]\n")  # meant: no aliases
    assert f"countries.countryalias: 0 created, 0 updated, {aliases} deleted" in run("--fixtures-dir", str(fixtures))
    assert not CountryAlias.objects.exists()


def test_links_listed_in_another_order_are_no_change(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    fact = next(fact for fact in Fact.objects.order_by("pk") if fact.countries.count() > 1)
    revision = fact.revision

    def reverse_countries(data):
        entry = next(entry for entry in data if entry["fields"]["slug"] == fact.slug)
        entry["fields"]["countries"].reverse()

    edit_json(fixtures / "facts.fact.json", reverse_countries)
    assert "facts.fact: 0 created, 0 updated, 0 deleted" in run("--fixtures-dir", str(fixtures))
    fact.refresh_from_db()
    assert fact.revision == revision


def test_a_file_named_for_one_model_but_holding_another_does_not_hold_the_first(loaded, tmp_path):
    fixtures = copy_seed(tmp_path)
    (fixtures / "people.personalias.json").replace(fixtures / "events.eventalias.json")
    with pytest.raises(CommandError, match=r"events\.eventalias: no fixture file holds it"):
        run("--fixtures-dir", str(fixtures), "--dry-run")
