"""Snapshots: each record's folded state in the `snapshots` table, tagged with the event
position it covers and the latest effective date among its facts. A snapshot that lags
its record's last event is brought forward by folding the facts after it, when they all
came in date order; after a retraction or a backdated fact the record is folded from its
events instead (a crash or a concurrent writer can make a snapshot stale, never wrong)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from typing import Any, NamedTuple

from dcledger.ledger.facts import Fact
from dcledger.projections.rows import FACT_COLUMNS, fact_from_row

# The state models are imported when a snapshot is first read or written, not with this
# module: a command whose answer is already in the tables never needs them.


def state_class(kind: str) -> Any:
    from dcledger.ledger.state import STATE_OF_KIND

    return STATE_OF_KIND[kind]


def read_state(kind: str, text: str) -> Any:
    from dcledger.ledger.state.model import decoded

    return decoded(state_class(kind), text)


def encoded(state: Any) -> str:
    from dcledger.ledger.state.model import encoded

    return encoded(state)


@functools.cache
def kind_of_state() -> dict[type, str]:
    from dcledger.ledger.state import STATE_OF_KIND

    return {cls: kind for kind, cls in STATE_OF_KIND.items()}


COLUMNS = ("aggregate_id", "kind", "subject", "state", "position", "latest")
# As many facts behind as no record ever waits for: a state folded again is stored at once.
STORE_NOW = 1 << 62


def stored_every(state: Any) -> int:
    """After how many facts a record's state is stored again. A coalition's state grows
    with its members and activities, so storing it after every event would cost in
    proportion to it, and so would storing it every hundred once it is large enough: it
    waits one fact more per `policy.SNAPSHOT_ENTRIES_PER_FACT` entries. Every other record
    stays small, and storing it at once keeps it current for readers of every record
    (there are as many persons as members)."""
    from dcledger.ledger import policy

    if kind_of_state().get(type(state)) != "coalition":
        return 1
    entries = len(state.members) + len(state.activities)
    return max(policy.SNAPSHOT_EVERY, entries // policy.SNAPSHOT_ENTRIES_PER_FACT)


def claim(conn: sqlite3.Connection, states: dict[str, Any]) -> None:
    """A (stale) snapshot row for every record with events, written with its rows, so
    readers find every record through the snapshots and see which to fold."""
    from dcledger.projections.tables import subject_of

    kinds = kind_of_state()
    conn.executemany(
        f"INSERT OR IGNORE INTO snapshots ({', '.join(COLUMNS)}) VALUES (?, ?, ?, '', 0, '')",
        [(key, kinds[type(s)], subject_of(s)) for key, s in states.items() if s],
    )


def drop(conn: sqlite3.Connection, keys: list[str]) -> None:
    """Records whose beginning was retracted: no snapshot, so readers do not find them."""
    conn.executemany("DELETE FROM snapshots WHERE aggregate_id = ?", [(k,) for k in keys])


def write(conn: sqlite3.Connection, states: dict[str, tuple[Any, int, str]]) -> None:
    """States with the positions they cover and the latest effective date among their
    facts; never over a newer one another process wrote meanwhile."""
    from dcledger.projections.tables import subject_of

    kinds = kind_of_state()
    conn.executemany(
        f"INSERT INTO snapshots ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (aggregate_id) DO UPDATE SET state = excluded.state,"
        " subject = excluded.subject, position = excluded.position, latest = excluded.latest"
        " WHERE excluded.position >= snapshots.position",
        [
            (key, kinds[type(s)], subject_of(s), encoded(s), position, latest)
            for key, (s, position, latest) in sorted(states.items())
            if s is not None
        ],
    )


class Forwarded(NamedTuple):
    """A record's state from its snapshot brought forward. `latest` is the latest
    effective date among its live facts (kept with the snapshot: finding it in the events
    would read all of a record's events), `last` the position of its last event folded
    in, `folded` how many facts were folded forward from the snapshot."""

    kind: str
    state: Any
    latest: str
    last: int
    folded: int


def brought_forward(
    conn: sqlite3.Connection, aggregate_id: str, before: int | None = None
) -> Forwarded | None:
    """The record's snapshot with its events after it (and before `before`) folded in;
    None when it has no snapshot or one that cannot be brought forward."""
    row = conn.execute(
        "SELECT kind, state, position, latest FROM snapshots WHERE aggregate_id = ?",
        [aggregate_id],
    ).fetchone()
    if row is None or not row[1]:
        return None
    later = facts_between(conn, aggregate_id, row[2], before)
    state, latest = forward(read_state(row[0], row[1]), row[3] or "", later)
    if state is None:
        return None
    return Forwarded(row[0], state, latest, later[-1].seq if later else row[2], len(later))


def facts_between(
    conn: sqlite3.Connection, aggregate_id: str, after: int, before: int | None
) -> list[Fact]:
    rows = conn.execute(
        f"SELECT {FACT_COLUMNS} FROM events WHERE aggregate_id = ? AND id > ? AND id < ?"
        " ORDER BY id",
        [aggregate_id, after, before if before is not None else 2**62],
    ).fetchall()
    return [fact_from_row(r) for r in rows]


def in_order(fact: Fact, latest: str) -> bool:
    """The fact only adds to a record whose latest fact is dated `latest`: it retracts
    nothing and is not dated before it (either would change the record's past)."""
    return not fact.is_retraction and fact.effective_date >= latest


def forward(state: Any, latest: str, facts: list[Fact]) -> tuple[Any, str]:
    """A stored state with the facts after it folded in, when each is `in_order`; else
    (None, "")."""
    from dcledger.ledger.state import apply_fact

    for fact in facts:
        if not in_order(fact, latest):
            return None, ""
        state = apply_fact(state, fact)
        latest = fact.effective_date
    return state, latest


def subject(conn: sqlite3.Connection, aggregate_id: str) -> str | None:
    """A record's subject (slug, handle, date...): from its snapshot, else (its beginning
    retracted, so no snapshot) from its events."""
    row = (
        conn.execute(
            "SELECT subject FROM snapshots WHERE aggregate_id = ?", [aggregate_id]
        ).fetchone()
        or conn.execute(
            "SELECT subject FROM events WHERE aggregate_id = ? AND subject IS NOT NULL LIMIT 1",
            [aggregate_id],
        ).fetchone()
    )
    return row[0] if row else None


CURRENT = (
    "SELECT s.aggregate_id, s.kind, s.state, s.position, s.latest, s.position = "
    "(SELECT MAX(e.id) FROM events e WHERE e.aggregate_id = s.aggregate_id) "
    "FROM snapshots s WHERE "
)


def current(
    conn: sqlite3.Connection, which: str, args: list[Any] | None = None
) -> list[tuple[str, Any]]:
    """(record, state or None when it must be folded from its events) for the records
    `which` selects (with `args` for its placeholders); found through the index of each
    record's events, not by scanning the log."""
    return list(each_current(conn, which, args))


def each_current(
    conn: sqlite3.Connection, which: str, args: list[Any] | None = None
) -> Iterator[tuple[str, Any]]:
    """As `current`, one record at a time: a caller that needs each state once holds
    one coalition in memory, not all of them."""
    for key, kind, state, position, latest, fresh in conn.execute(
        CURRENT + f"({which})", args or []
    ):
        stored = read_state(kind, state) if state else None
        if stored is not None and not fresh:
            stored, _ = forward(stored, latest or "", facts_between(conn, key, position, None))
        yield key, stored
