"""What a backdated fact re-checks, read from the views through indexes: the same facts
the in-memory source gives, and never every later event of the log (a backfill far in
the past into a large ledger once read most of it, for each fact about a person)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from dcledger.ledger.event_store import EventLog, open_app
from dcledger.ledger.rules.situation import MemorySource
from dcledger.ledger.rules.validation import READERS
from dcledger.ledger.storage import Location
from dcledger.projections import Views
from tests.site_helpers import sample_copy


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Views, MemorySource]:
    folder: Path = sample_copy(tmp_path_factory, "imported", "later-facts")
    app = open_app(Location(str(folder / "dcledger.db")))
    views = Views(folder / "dcledger.views.db")
    views.catch_up(app)
    return views, MemorySource(EventLog(app).all_facts())


DATES = ("2019-01-01", "2021-06-30", "2024-03-31")
HANDLES = ("sec", "bruno.achebe", "ugo.rossi", "nobody")
TYPE_SETS = [*READERS.values(), ("person.key_revoked",)]


def test_the_views_give_the_facts_the_log_gives(sample):
    views, log = sample
    compared = 0
    for on, types in itertools.product(DATES, TYPE_SETS):
        found = views.later_facts(on, types=types)
        assert [f.id for f in found] == [f.id for f in log.later_facts(on, types=types)]
        compared += len(found)
    for on, handle in itertools.product(DATES, HANDLES):
        found = views.later_facts(on, mentioning=handle)
        assert [f.id for f in found] == [f.id for f in log.later_facts(on, mentioning=handle)]
        compared += len(found)
    assert compared > 1000  # the sample names its people often enough to tell


def test_each_reading_is_an_index_search(sample):
    views, _ = sample
    plans = []
    original = views.conn.execute

    def explained(sql, args=()):
        if sql.lstrip().startswith("SELECT"):
            plans.extend(row[-1] for row in original(f"EXPLAIN QUERY PLAN {sql}", args))
        return original(sql, args)

    views.conn = _Spy(views.conn, explained)
    views.later_facts("2019-01-01", types=READERS["coalition"])
    views.later_facts("2019-01-01", mentioning="bruno.achebe")
    searches = [p for p in plans if p.startswith(("SCAN", "SEARCH"))]
    # By type and date, by the person and date, then each event by its id: never every
    # event after a date (the date's own index), nor the whole table.
    assert searches and all(
        "idx_events_type_effective_date (type=? AND effective_date>?)" in p
        or p == "SEARCH events USING INTEGER PRIMARY KEY (rowid=?)"
        or "event_names USING COVERING INDEX" in p
        for p in searches
    ), searches


class _Spy:
    """A connection whose `execute` is replaced (sqlite3's own cannot be patched)."""

    def __init__(self, conn, execute):
        self._conn, self.execute = conn, execute

    def __getattr__(self, name):
        return getattr(self._conn, name)
