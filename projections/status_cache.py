"""Each coalition's status on today's date, kept between commands.

`dcledger status` computes, for every coalition, its standing, session eligibility and
flags: a walk over all its members, reports and meetings, which grows with the history.
The documents of today are kept in the `status_cache` table, so the next command reads
them instead. A document depends on its coalition's state, the DCCG meetings and the
day, so:

- catching up deletes, in the transaction that writes an event, the documents that
  event may change: its coalition's, or every one for an event of a DCCG meeting;
- a document of another day is never read;
- a document is stored only if no event was processed since the states it was computed
  from were read (another process may have caught up meanwhile).

The documents are those `queries.status_row` computes; a test checks that the kept ones
equal the computed ones after every kind of event.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

# The kinds of record whose events may change a coalition's status document.
COALITION, DCCG = "coalition", "dccg"


def forget(conn: sqlite3.Connection, kinds_and_slugs: Iterable[tuple[str, str | None]]) -> None:
    """Delete what events of these (kind, subject) records may have changed."""
    slugs = set()
    for kind, subject in kinds_and_slugs:
        if kind == DCCG:  # attendance flags of every coalition
            conn.execute("DELETE FROM status_cache")
            return
        if kind == COALITION:
            slugs.add(subject)
    conn.executemany("DELETE FROM status_cache WHERE slug = ?", [(s,) for s in slugs])


def kept(conn: sqlite3.Connection, day: date) -> dict[str, dict[str, Any]]:
    """The documents kept for `day`, by slug."""
    rows = conn.execute(
        "SELECT slug, document FROM status_cache WHERE as_of = ?", [day.isoformat()]
    )
    return {slug: json.loads(document) for slug, document in rows}


def keep(
    conn: sqlite3.Connection, position: int, day: date, documents: dict[str, dict[str, Any]]
) -> None:
    """Store documents computed from the views at `position`, unless the views moved on.
    Keeping them is worth no wait: when another process holds the views, they are not kept."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return
    try:
        row = conn.execute("SELECT position FROM tracking WHERE name = 'views'").fetchone()
        if (row[0] if row else 0) == position:
            conn.executemany(
                "INSERT OR REPLACE INTO status_cache (slug, as_of, position, document)"
                " VALUES (?, ?, ?, ?)",
                [
                    (slug, day.isoformat(), position, json.dumps(document))
                    for slug, document in documents.items()
                ],
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
