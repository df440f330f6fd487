from itertools import islice

IN_LIST = 900  # values per SQL "IN (...)" list, under every SQLite's variable limit


def batches(values, size=IN_LIST):
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch
