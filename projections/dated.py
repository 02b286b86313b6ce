"""Year-end snapshots: each record's state at the end of a year, so a question about a
past date folds only the facts of that date's year instead of the whole log.

A record's state on a date D is the fold of its live facts effective on or before D, in
effective-date order (retractions count whenever they were recorded). The state at the
end of year Y, S(Y), is therefore a prefix of that fold for every D after Y, and

    state on D = S(Y) with the live facts effective in (Y-12-31, D] applied, in order,

for the latest kept S(Y) with Y < year(D). Keeping S(Y) right is the whole difficulty:

- catching up deletes S(Y) for every Y on or after the year of each new fact (the fact
  belongs in them), and every S of a record one of whose facts is retracted;
- it writes S(Y) when a record's first fact of a later year arrives in order: the state
  just before it is the state at the end of Y;
- a question that folds a record past a year end it has no S for keeps that state, unless
  the views moved on meanwhile (as `status_cache` does).

Only questions about the log as known now use them: `--known-at` folds what was known
then. A test compares the answers with a fold of the log for many dates, after backfills
and retractions.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.ids import person_id
from dcledger.projections import snapshots
from dcledger.projections.rows import FACT_COLUMNS, fact_from_row
from dcledger.projections.writing import still_at, tracked

CHUNK = 5000  # handles per query: well under SQLite's limit of bound parameters
# Per record, the latest kept year at or before the one asked for.
BASES = (
    "SELECT aggregate_id AS a, MAX(year) AS y FROM dated_snapshots WHERE year <= ? "
    "GROUP BY aggregate_id"
)


def year_end(year: int) -> str:
    return f"{year:04d}-12-31"


def ended_by(as_of: str) -> int:
    """The last year whose end state answers for `as_of`, with the facts after it folded
    in: the year before, or on 31 December (the day a yearly review looks at) the year
    itself, so that a review need not fold its whole year again."""
    year = int(as_of[:4])
    return year if as_of == year_end(year) else year - 1


def forget(conn: sqlite3.Connection, aggregate_id: str, from_year: int | None) -> None:
    """Delete the record's year-end states from `from_year` on (None: all of them)."""
    conn.execute(
        "DELETE FROM dated_snapshots WHERE aggregate_id = ? AND year >= ?",
        [aggregate_id, -1 if from_year is None else from_year],
    )


def write(conn: sqlite3.Connection, aggregate_id: str, year: int, state: Any, at: int) -> None:
    """Keep the record's state at the end of `year`, computed from the events up to `at`."""
    kind = snapshots.kind_of_state()[type(state)]
    conn.execute(
        "INSERT OR REPLACE INTO dated_snapshots (aggregate_id, year, kind, state, position)"
        " VALUES (?, ?, ?, ?, ?)",
        [aggregate_id, year, kind, snapshots.encoded(state), at],
    )


def persons_on(conn: sqlite3.Connection, as_of: str, handles: list[str]) -> list[Any]:
    """The states on `as_of` of these persons only (in chunks the driver accepts)."""
    found = []
    for start in range(0, len(handles), CHUNK):
        ids = [person_id(h) for h in handles[start : start + CHUNK]]
        which = f"kind = 'person' AND aggregate_id IN ({', '.join('?' for _ in ids)})"
        found += states_on(conn, as_of, which, ids)
    return found


def states_on(
    conn: sqlite3.Connection, as_of: str, kinds: str, args: list[Any] | None = None
) -> list[Any]:
    """The state on `as_of` of every record `kinds` selects (a condition on `kind` and
    `aggregate_id`, with `args` for its placeholders)."""
    last_year = ended_by(as_of)
    outer = conn.in_transaction
    if not outer:
        conn.execute("BEGIN")  # one consistent reading, whatever another process writes
    try:
        position = tracked(conn)
        bases, later = read(conn, as_of, last_year, kinds, args or [])
    finally:
        if not outer:
            conn.execute("COMMIT")
    states, reached = fold_on(bases, later, last_year)
    keep(conn, position, last_year, reached)
    return states


def read(
    conn: sqlite3.Connection, as_of: str, last_year: int, kinds: str, args: list[Any]
) -> tuple[dict[str, tuple[int, Any]], dict[str, list[Fact]]]:
    """Each record's latest kept year-end state up to `last_year`, and its live facts
    after that, up to `as_of`."""
    bases = {
        key: (year, snapshots.read_state(kind, state))
        for key, year, kind, state in conn.execute(
            "SELECT d.aggregate_id, d.year, d.kind, d.state FROM dated_snapshots d "
            f"JOIN ({BASES}) b ON b.a = d.aggregate_id AND b.y = d.year WHERE {kinds}",
            [last_year, *args],
        )
    }
    later = defaultdict(list)
    for row in later_rows(conn, as_of, last_year, kinds, args, bases):
        fact = fact_from_row(row)
        later[fact.aggregate_id].append(fact)
    return bases, later


LIVE = "retracted_by IS NULL AND type NOT LIKE '%.retracted'"


def later_rows(
    conn: sqlite3.Connection,
    as_of: str,
    last_year: int,
    kinds: str,
    args: list[Any],
    bases: dict[str, tuple[int, Any]],
) -> Iterator[tuple]:
    """The live facts up to `as_of` after each record's year-end state, or all of them
    for a record without one (every record has a row in `snapshots`). Each record's are
    read by the index on (aggregate_id, effective_date): a question about a date costs
    what its records hold after their year-end states, not the length of the log."""
    for key, (year, _) in bases.items():
        yield from conn.execute(
            f"SELECT {FACT_COLUMNS} FROM events INDEXED BY idx_events_aggregate_id_effective_date "
            f"WHERE aggregate_id = ? AND effective_date > ? AND effective_date <= ? AND {LIVE}",
            [key, year_end(year), as_of],
        )
    yield from conn.execute(
        f"SELECT {FACT_COLUMNS} FROM events WHERE aggregate_id IN (SELECT aggregate_id "
        f"FROM snapshots WHERE {kinds} AND aggregate_id NOT IN (SELECT a FROM ({BASES}))) "
        f"AND effective_date <= ? AND {LIVE}",
        [*args, last_year, as_of],
    )


def fold_on(
    bases: dict[str, tuple[int, Any]], later: dict[str, list[Fact]], last_year: int
) -> tuple[list[Any], dict[str, Any]]:
    """Each record's state: its year-end state with the later facts applied in order; and
    the states at the end of `last_year` passed on the way, to keep."""
    # The state models: only when asked.
    from dcledger.ledger.state import apply_fact
    from dcledger.ledger.state.model import copied

    states, reached = [], {}
    for key in bases.keys() | later.keys():
        year, state = bases.get(key, (None, None))
        folded_into_last_year = False  # facts of the years after its kept state
        for fact in sorted(later.get(key, ()), key=lambda f: f.order):
            if year != last_year and fact.effective_date > year_end(last_year):
                if folded_into_last_year and state is not None:
                    # A copy: folding goes on in place, into the years after it.
                    reached[key] = copied(state)
                year = last_year
            state = apply_fact(state, fact)
            folded_into_last_year = year != last_year
        if year != last_year and folded_into_last_year and state is not None:
            reached[key] = state
        if state is not None:
            states.append(state)
    return states, reached


def keep(conn: sqlite3.Connection, position: int, year: int, states: dict[str, Any]) -> None:
    """Year-end states a question computed at `position`, unless the views moved on."""
    if not states:
        return
    with still_at(conn, position) as current:
        if current:
            for key, state in states.items():
                write(conn, key, year, state, position)
