"""Snapshots: each record's folded state in the `snapshots` table, tagged with the event
position it covers. A snapshot that lags its record's last event is never trusted: the
record is folded from its events instead (a crash or a concurrent writer can make a
snapshot stale, never wrong)."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

# The state models (pydantic) are imported when a snapshot is first read or written, not
# with this module: a command whose answer is already in the tables never needs them.


def state_class(kind: str) -> Any:
    from dcledger.ledger.state import STATE_OF_KIND

    return STATE_OF_KIND[kind]


@functools.cache
def kind_of_state() -> dict[type, str]:
    from dcledger.ledger.state import STATE_OF_KIND

    return {cls: kind for kind, cls in STATE_OF_KIND.items()}


COLUMNS = ("aggregate_id", "kind", "subject", "state", "position", "latest")


def claim(conn: sqlite3.Connection, states: dict[str, Any]) -> None:
    """A (stale) snapshot row for every record with events, written with its rows, so
    readers find every record through the snapshots and see which to fold."""
    from dcledger.projections.tables import subject_of

    kinds = kind_of_state()
    conn.executemany(
        f"INSERT OR IGNORE INTO snapshots ({', '.join(COLUMNS)}) VALUES (?, ?, ?, '', 0, '')",
        [(key, kinds[type(s)], subject_of(s)) for key, s in states.items() if s],
    )


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
            (key, kinds[type(s)], subject_of(s), s.model_dump_json(), position, latest)
            for key, (s, position, latest) in sorted(states.items())
            if s is not None
        ],
    )


def load(conn: sqlite3.Connection, aggregate_id: str, before: int | None) -> tuple[Any, str]:
    """The record's state from its snapshot when that covers every event before
    `before`, with the latest effective date among them (kept with it: finding it in the
    events would read all of a record's events); else (None, "")."""
    row = conn.execute(
        "SELECT kind, state, position, latest FROM snapshots WHERE aggregate_id = ?",
        [aggregate_id],
    ).fetchone()
    (last,) = conn.execute(
        "SELECT MAX(id) FROM events WHERE aggregate_id = ? AND id < ?",
        [aggregate_id, before if before is not None else 2**62],
    ).fetchone()
    if row is None or row[2] != last:
        return None, ""
    return state_class(row[0]).model_validate_json(row[1]), row[3] or ""


def subject(conn: sqlite3.Connection, aggregate_id: str) -> str | None:
    row = conn.execute(
        "SELECT subject FROM snapshots WHERE aggregate_id = ?", [aggregate_id]
    ).fetchone()
    return row[0] if row else None


CURRENT = (
    "SELECT s.aggregate_id, s.kind, s.state, s.position = "
    "(SELECT MAX(e.id) FROM events e WHERE e.aggregate_id = s.aggregate_id) "
    "FROM snapshots s WHERE "
)


def current(
    conn: sqlite3.Connection, which: str, args: list[Any] | None = None
) -> list[tuple[str, Any]]:
    """(record, state or None when its snapshot lags) for the records `which` selects
    (with `args` for its placeholders); found through the index of each record's events,
    not by scanning the log."""
    return [
        (key, state_class(kind).model_validate_json(state) if fresh else None)
        for key, kind, state, fresh in conn.execute(CURRENT + f"({which})", args or [])
    ]
