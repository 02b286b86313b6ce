"""The rows each state last wrote, so a catch-up writes only rows that changed.

A row set names the rows one state owns in one table (its owner), or only some of them
(`RowSet.only`: the primary keys a fact changed), and a row may give only some of its
columns (the others keep their values). Syncing compares it with what was written
before, from memory when this process wrote them, else from the table.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from dcledger.projections.schema import primary_key

if TYPE_CHECKING:
    from dcledger.projections.tables import RowSet

Key = tuple[Any, ...]


class WrittenRows:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._rows: dict[tuple[str, Any], dict[Key, dict[str, Any]]] = {}

    def forget(self, table: str | None = None) -> None:
        """Forget what was written (to `table`, or everywhere): it is read again."""
        self._rows = {k: v for k, v in self._rows.items() if table and k[0] != table}

    def forget_except(self, rows: int) -> None:
        """Keep the row sets synced most recently, about `rows` rows in all: a rebuild
        syncs every record's rows once, and remembering them all would grow with the log."""
        kept, total = {}, 0
        for key in reversed(self._rows):
            total += len(self._rows[key])
            if total > rows:
                break
            kept[key] = self._rows[key]
        self._rows = dict(reversed(kept.items()))

    def sync(self, rows: RowSet) -> list[dict[str, Any]]:
        """Delete the rows this state no longer owns; return those that are new or changed."""
        pk = primary_key(rows.table)
        remembered = self._rows.get((rows.table, rows.owner))
        if rows.only is None:
            previous = remembered if remembered is not None else self._read(rows, pk)
        elif remembered is not None:
            previous = {k: remembered[k] for k in rows.only if k in remembered}
        else:
            previous = self._read(rows, pk, rows.only)
        current = {}
        for r in rows.rows:  # a row may give only the columns that changed
            key = tuple(r[c] for c in pk)
            current[key] = previous[key] | r if key in previous else r
        match = " AND ".join(f"[{c}] = ?" for c in pk)
        for gone in previous.keys() - current.keys():
            self.conn.execute(f"DELETE FROM [{rows.table}] WHERE {match}", list(gone))
        if rows.only is None:
            remembered = current
        elif remembered is not None:
            for gone in previous.keys() - current.keys():
                del remembered[gone]
            remembered.update(current)
        if remembered is not None:  # the most recently synced last, for forget_except
            self._rows.pop((rows.table, rows.owner), None)
            self._rows[(rows.table, rows.owner)] = remembered
        return [r for k, r in current.items() if previous.get(k) != r]

    def _read(
        self, rows: RowSet, pk: tuple[str, ...], only: frozenset[Key] | None = None
    ) -> dict[Key, dict[str, Any]]:
        where, args = (f"[{rows.owner[0]}] = ?", [rows.owner[1]]) if rows.owner else ("1 = 1", [])
        if only is None:
            return {tuple(r[c] for c in pk): r for r in self._select(rows.table, where, args)}
        match = " AND ".join(f"[{c}] = ?" for c in pk)
        found: dict[Key, dict[str, Any]] = {}
        for key in only:
            for r in self._select(rows.table, f"{where} AND {match}", [*args, *key]):
                found[key] = r
        return found

    def _select(self, table: str, where: str, args: list[Any]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(f"SELECT * FROM [{table}] WHERE {where}", args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
