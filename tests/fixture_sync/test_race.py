"""A reload holds the write lock from its first read: an editor's save cannot land between
planning and writing; it waits, and the next reload reports it instead of overwriting it."""

import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.db.models import F

from facts.models import Fact
from fixture_sync.errors import ConflictError
from fixture_sync.loading import Loader
from fixture_sync.reload import reload_fixtures

from .helpers import copy_seed, edit_json

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def save_as_an_editor(pk, statement, outcome):
    """An admin save from another connection, waiting at most a moment for the lock."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '300ms'")
            Fact.objects.filter(pk=pk).update(statement=statement, revision=F("revision") + 1)
        outcome["saved"] = True
    except OperationalError as error:
        outcome["blocked"] = str(error)
    finally:
        connection.close()


def test_an_editors_save_waits_for_the_reload_and_is_then_reported_not_overwritten(
    restored_seed, tmp_path, monkeypatch
):
    fact = Fact.objects.order_by("slug").first()
    fixtures = copy_seed(tmp_path)
    edit_json(fixtures / "facts.fact.json", lambda data: data[0]["fields"].update(statement="Changed in fixtures."))
    outcome = {}
    write = Loader.write

    def plan_then_race(*args, **kwargs):
        editor = threading.Thread(target=save_as_an_editor, args=(fact.pk, "An editor's words.", outcome))
        editor.start()
        editor.join()
        return write(*args, **kwargs)

    monkeypatch.setattr(Loader, "write", plan_then_race)
    reload_fixtures(fixtures, backup=False)
    assert "saved" not in outcome and "lock" in outcome["blocked"]  # it could not land between plan and write
    assert Fact.objects.get(pk=fact.pk).statement == "Changed in fixtures."

    monkeypatch.setattr(Loader, "write", write)
    save_as_an_editor(fact.pk, "An editor's words.", outcome)  # once the reload is done, the save lands
    assert outcome["saved"]
    with pytest.raises(ConflictError, match="edited in the admin since the last reload"):
        reload_fixtures(fixtures, backup=False)
    assert Fact.objects.get(pk=fact.pk).statement == "An editor's words."
