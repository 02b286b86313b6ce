"""Writing rows in bulk with the standard library: one prepared statement per table and
set of columns. (sqlite-utils makes the tables; writing through it cost a third of a
rebuild, in checking and converting every value.)"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def cell(value: Any) -> Any:
    """Lists and mappings are stored as JSON text, as sqlite-utils stores them."""
    return json.dumps(value) if isinstance(value, list | dict | tuple) else value


def by_columns(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return groups


def insert(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    for columns, group in by_columns(rows).items():
        names = ", ".join(f"[{c}]" for c in columns)
        conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})",
            [[cell(row[c]) for c in columns] for row in group],
        )


def upsert(
    conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]], pk: Sequence[str]
) -> None:
    """Insert rows, or update the columns they give of the rows their keys name."""
    for columns, group in by_columns(rows).items():
        names = ", ".join(f"[{c}]" for c in columns)
        keys = ", ".join(f"[{c}]" for c in pk)
        changes = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in pk)
        action = f"DO UPDATE SET {changes}" if changes else "DO NOTHING"
        conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT ({keys}) {action}",
            [[cell(row[c]) for c in columns] for row in group],
        )


TRACKER = "views"  # the tracking row of the last event processed


def track(conn: sqlite3.Connection, name: str, position: int) -> None:
    upsert(conn, "tracking", [{"name": name, "position": position}], ["name"])


def tracked(conn: sqlite3.Connection, name: str = TRACKER) -> int:
    row = conn.execute("SELECT position FROM tracking WHERE name = ?", [name]).fetchone()
    return row[0] if row else 0


@contextmanager
def still_at(conn: sqlite3.Connection, position: int) -> Iterator[bool]:
    """A write transaction for keeping what a question computed from the views at
    `position`: it yields whether they are still there, and False without a transaction
    when another process holds them (keeping is worth no wait)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        yield False
        return
    try:
        yield tracked(conn) == position
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
