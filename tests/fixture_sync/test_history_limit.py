"""A reload records what it writes in the rows' history, up to FIXTURE_HISTORY_LIMIT rows."""

from django.conf import settings
from reversion.models import Version

from facts.models import Fact
from fixture_sync.reload import reload_fixtures


def test_a_reload_within_the_limit_is_in_every_written_rows_history(empty_db):
    report = reload_fixtures(settings.FIXTURES_DIR, backup=False)
    assert report.history_skipped == 0
    fact = Fact.objects.order_by("slug").first()
    (version,) = Version.objects.get_for_object(fact)
    assert version.revision.comment == "Reloaded from fixtures"
    assert version.field_dict["statement"] == fact.statement


def test_a_reload_over_the_limit_is_not_recorded_row_by_row_and_says_so(empty_db, settings):
    settings.FIXTURE_HISTORY_LIMIT = 10
    before = Version.objects.count()
    report = reload_fixtures(settings.FIXTURES_DIR, backup=False)
    assert report.history_skipped == report.changes > 10
    assert Version.objects.count() == before
    assert any("not recorded row by row" in line for line in report.summary_lines())
