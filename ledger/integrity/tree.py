"""The stored Merkle tree and signatures, written in the same transaction as the events.

Tables (beside eventsourcing's events table):
  integrity_leaves  position -> event id, leaf hash, signer handle, key fingerprint,
                    signature (or the size of the signed head that covers it); one row
                    per event, in log order from 0.
  integrity_heads   size -> the signature an import made over the tree head it produced
                    (start: the import's first position).
  integrity_nodes   (level, index) -> hash of the perfect subtree of 2**level leaves
                    starting at leaf index * 2**level; written when the subtree fills.
  integrity_keys    (handle, fingerprint) -> public key, positions it was added/revoked:
                    a cache of the key events, so `record` can refuse an unusable key
                    without reading the whole log.

An append reads the right edge of the tree (at most log2(n) nodes), and writes one leaf and
at most log2(n) nodes per event: O(log n). Any subtree hash, and so any proof, is a few
point reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from dcledger.ledger.integrity import merkle

TABLES = {
    "integrity_leaves": "position BIGINT PRIMARY KEY, event_id BIGINT NOT NULL UNIQUE, "
    "leaf_hash {blob} NOT NULL, signer TEXT NOT NULL, key TEXT NOT NULL, "
    "signature {blob} NOT NULL, head BIGINT",
    "integrity_heads": "size BIGINT PRIMARY KEY, start BIGINT NOT NULL, signer TEXT NOT NULL, "
    "key TEXT NOT NULL, signature {blob} NOT NULL",
    "integrity_nodes": "level INTEGER NOT NULL, idx BIGINT NOT NULL, hash {blob} NOT NULL, "
    "PRIMARY KEY (level, idx)",
    "integrity_keys": "handle TEXT NOT NULL, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL, "
    "added BIGINT NOT NULL, revoked_at BIGINT, revoked_on TEXT, PRIMARY KEY (handle, fingerprint)",
}


def create_statements(blob: str, prefix: str = "") -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {prefix}{name} ({cols.format(blob=blob)})"
        for name, cols in TABLES.items()
    ]


class StoredRow(NamedTuple):
    """An event as its row holds it, read without eventsourcing's decoding, so that a
    damaged row is reported rather than crashing the reader."""

    id: int
    record: str
    version: int
    topic: str
    state: bytes


def _blob(value: Any) -> Any:
    """Bytes as bytes; anything else (text put there by hand) as it is, to be refused."""
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else value


class Db:
    """One cursor inside one transaction, with SQLite's or psycopg's parameter style."""

    def __init__(self, cursor: Any, *, postgres: bool, prefix: str = "", events: str = ""):
        self.cursor, self.postgres, self.prefix, self.events_table = (
            cursor,
            postgres,
            prefix,
            events,
        )

    def events(self, start: int, limit: int) -> list[StoredRow]:
        """Events with ids from `start` on, in log order."""
        column = "notification_id" if self.postgres else "rowid"
        found = self.rows(
            f"SELECT {column}, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE {column}>=? ORDER BY {column} LIMIT ?",
            (start, limit),
        )
        return [
            StoredRow(i, r.hex if hasattr(r, "hex") else str(r), v, t, _blob(s))
            for i, r, v, t, s in found
        ]

    def _sql(self, sql: str) -> str:
        sql = sql.replace("integrity_", f"{self.prefix}integrity_")
        return sql.replace("?", "%s") if self.postgres else sql

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self.cursor.execute(self._sql(sql), params)
        found = self.cursor.fetchall()
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in found]

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def many(self, sql: str, params: list[Sequence[Any]]) -> None:
        if params:
            self.cursor.executemany(self._sql(sql), params)

    # --- the tree --------------------------------------------------------------------

    def size(self) -> int:
        row = self.one("SELECT MAX(position) FROM integrity_leaves")
        return 0 if row is None or row[0] is None else row[0] + 1

    def subtree(self, level: int, index: int) -> bytes:
        if level == 0:
            row = self.one("SELECT leaf_hash FROM integrity_leaves WHERE position=?", (index,))
        else:
            row = self.one(
                "SELECT hash FROM integrity_nodes WHERE level=? AND idx=?", (level, index)
            )
        if row is None:
            raise LookupError(f"the tree lacks node {level}/{index}")
        return bytes(row[0])

    def frontier(self, size: int) -> list[tuple[int, bytes]]:
        """The perfect subtrees on the right edge of a tree of `size`, largest first."""
        out, start = [], 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                out.append((level, self.subtree(level, start >> level)))
                start += 1 << level
        return out

    def hash_range(self, lo: int, hi: int) -> bytes:
        """MTH of leaves [lo, hi): perfect aligned ranges are stored, others are split."""
        n = hi - lo
        if n == 0:
            return merkle.EMPTY_ROOT
        if n & (n - 1) == 0 and lo % n == 0:
            return self.subtree(n.bit_length() - 1, lo // n)
        k = merkle.split_point(n)
        return merkle.node_hash(self.hash_range(lo, lo + k), self.hash_range(lo + k, hi))

    def heads(self) -> dict[int, tuple[int, str, str, bytes]]:
        rows = self.rows("SELECT size, start, signer, key, signature FROM integrity_heads")
        return {size: (start, signer, key, bytes(sig)) for size, start, signer, key, sig in rows}

    def root(self, size: int | None = None) -> bytes:
        return self.hash_range(0, self.size() if size is None else size)

    def position_of(self, event_id: int) -> int | None:
        row = self.one("SELECT position FROM integrity_leaves WHERE event_id=?", (event_id,))
        return None if row is None else row[0]


def fold(frontier: list[tuple[int, bytes]]) -> bytes:
    """The root of a tree from its right edge."""
    if not frontier:
        return merkle.EMPTY_ROOT
    root = frontier[-1][1]
    for _, h in reversed(frontier[:-1]):
        root = merkle.node_hash(h, root)
    return root


def push(frontier: list[tuple[int, bytes]], index: int, leaf: bytes, nodes: list) -> None:
    """Append leaf `index` to the right edge, collecting the subtrees it completes."""
    level, h = 0, leaf
    while frontier and frontier[-1][0] == level:
        h = merkle.node_hash(frontier.pop()[1], h)
        level += 1
        nodes.append((level, index >> level, h))
    frontier.append((level, h))
