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
from typing import TYPE_CHECKING, Any

from dcledger.ledger.dates import today
from dcledger.ledger.errors import NotFound
from dcledger.projections import writing

if TYPE_CHECKING:
    from dcledger.projections.reading import ViewReading

# The kinds of record whose events may change a coalition's status document.
COALITION, DCCG = "coalition", "dccg"


def status_today(views: ViewReading, day: date, slug: str | None = None) -> Any:
    """`status` on today's date: the documents kept today, computing only the missing
    ones (from the snapshots of their coalitions and of the DCCG meetings). When none is
    missing, neither the state models nor the rules are loaded."""
    documents = kept(views.conn, day)
    slugs = sorted(row[0] for row in views.conn.execute("SELECT slug FROM coalitions"))
    missing = [s for s in slugs if s not in documents]
    if missing:
        from dcledger.projections.queries import status_row

        position = views.position()
        registry = views.coalitions_registry(missing)
        computed = {s: status_row(registry, registry.coalitions[s], day) for s in missing}
        keep(views, position, day, computed)
        documents |= computed
    if slug is not None:
        if slug not in documents:
            raise NotFound(f"no coalition '{slug}'")
        return documents[slug]
    return [documents[s] for s in slugs]


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
    views: ViewReading, position: int, day: date, documents: dict[str, dict[str, Any]]
) -> None:
    """Store documents computed from the views at `position`, unless the views moved on."""
    with writing.still_at(views.conn, position) as current:
        if current:
            views.conn.executemany(
                "INSERT OR REPLACE INTO status_cache (slug, as_of, position, document)"
                " VALUES (?, ?, ?, ?)",
                [
                    (slug, day.isoformat(), position, json.dumps(document))
                    for slug, document in documents.items()
                ],
            )


def standings_due(views: ViewReading) -> tuple[int, list[tuple[str, str]]] | None:
    """Coalition status depends on the date as well as the log: when the day changed
    since the `status` column of `coalitions` was last written, the day's stamp and each
    coalition's (status, slug) to write; None when it was written today."""
    day = today()
    stamp = int(day.strftime("%Y%m%d"))
    row = views.conn.execute("SELECT position FROM tracking WHERE name = 'status'").fetchone()
    if row and row[0] == stamp:
        return None
    from dcledger.ledger import rules  # folding loads the state models: only now

    # One coalition at a time: holding every one at once would grow with the log.
    return stamp, [
        (rules.standing(state, day).status, state.slug)
        for state in views.each_current_state("s.kind = 'coalition'")
    ]
