"""Long lists a piece at a time: SQL "IN (...)" lists, bulk statements, streamed rows."""

from itertools import islice

IN_LIST = 900  # values per SQL "IN (...)" list, under every SQLite's variable limit


def batches(values, size=IN_LIST):
    """Lists of at most ``size`` items from ``values`` (any iterable), in order."""
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch
