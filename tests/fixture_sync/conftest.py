import pytest

from .helpers import run


@pytest.fixture
def loaded(db):
    """The seed loaded through reload_fixtures: the session's seed, so this run makes "0 changes"."""
    return run()
