"""Mutations of a stored SQLite ledger for the tampering drill.

Each mutation edits a copy of a real ledger the way someone with the file and `sqlite3`
could, and says which event `verify` must name. Seeds are fixed: the same run every time.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dcledger.ledger.integrity.demo import demo_public

Edit = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Mutation:
    kind: str
    names: str  # text the first problem must contain (the event, or the position)
    edit: Edit


def state(conn: sqlite3.Connection, rowid: int) -> bytes:
    return conn.execute("SELECT state FROM stored_events WHERE rowid=?", (rowid,)).fetchone()[0]


def set_state(rowid: int, value: bytes) -> Edit:
    return lambda c: c.execute("UPDATE stored_events SET state=? WHERE rowid=?", (value, rowid))


def flip(data: bytes, offset: int, mask: int) -> bytes:
    out = bytearray(data)
    out[offset] ^= mask
    return bytes(out)


def byte_flips(rng: random.Random, states: dict[int, bytes], count: int) -> Iterator[Mutation]:
    """Flip one bit pattern at a random offset of a random event's stored state: over
    many draws every member (time stamp, envelope, data) of every kind of event."""
    ids = sorted(states)
    for _ in range(count):
        rowid = rng.choice(ids)
        offset = rng.randrange(len(states[rowid]))
        value = flip(states[rowid], offset, rng.randrange(1, 256))
        yield Mutation("byte flip in state", f"event {rowid} ", set_state(rowid, value))


def member_flips(states: dict[int, bytes]) -> Iterator[Mutation]:
    """One flip inside each named member's value, for every event: every field."""
    for rowid, value in states.items():
        for member in (b'"_data_":"', b'"effective_date":"', b'"actor":"', b'"role":"'):
            at = value.find(member)
            if at >= 0:
                edited = flip(value, at + len(member) + 1, 0x01)
                yield Mutation(
                    f"flip in {member.decode()}", f"event {rowid} ", set_state(rowid, edited)
                )
        for member in (b'"evidence":', b'"person":'):
            if member + b"null" in value:  # null -> a string: it now says something else
                edited = value.replace(member + b"null", member + b'"x"', 1)
                yield Mutation(
                    f"set {member.decode()}", f"event {rowid} ", set_state(rowid, edited)
                )


def column_flips(ids: list[int]) -> Iterator[Mutation]:
    """The columns beside the state: record id, version, topic."""
    for rowid in ids:
        yield Mutation(
            "record id",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE stored_events SET originator_id=substr(originator_id,1,31)||"
                "CASE substr(originator_id,32,1) WHEN 'a' THEN 'b' ELSE 'a' END WHERE rowid=?",
                (r,),
            ),
        )
        yield Mutation(
            "version",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE stored_events SET originator_version=originator_version+1000 WHERE rowid=?",
                (r,),
            ),
        )
        yield Mutation(
            "state stored as text",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE stored_events SET state=CAST(state AS TEXT) WHERE rowid=?", (r,)
            ),
        )
        yield Mutation(
            "topic",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE stored_events SET topic=replace(topic, ':v1', ':v2') WHERE rowid=?", (r,)
            ),
        )


def structural(ids: list[int], rng: random.Random) -> Iterator[Mutation]:
    last = ids[-1]
    for rowid in ids:  # deleted, one at a time
        yield Mutation(
            "deleted",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute("DELETE FROM stored_events WHERE rowid=?", (r,)),
        )
    for rowid in rng.sample(ids[1:-1], 10):  # deleted with its leaf: a gap in the tree
        yield Mutation("deleted with its leaf", f"before event {rowid + 1},", delete_both(rowid))
    for rowid in ids:  # duplicated at the end of the log
        yield Mutation(
            "duplicated",
            f"event {last + 1} ",
            lambda c, r=rowid: c.execute(
                "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state)"
                " SELECT ?, originator_id, originator_version + 500, topic, state "
                "FROM stored_events WHERE rowid=?",
                (last + 1, r),
            ),
        )
    for rowid in ids[:-1]:  # moved to the end: the log's order changes
        yield Mutation(
            "moved",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE stored_events SET rowid=? WHERE rowid=?", (last + 1, r)
            ),
        )
    for _ in range(60):  # two events swap places
        a, b = sorted(rng.sample(ids, 2))
        yield Mutation("reordered", f"event {a} ", swap_rows(a, b))
    for k in range(1, 21):  # truncated, tree rows too: only a checkpoint can tell
        yield Mutation("truncated", f"position {len(ids) - k}", truncate(len(ids) - k))


def delete_both(rowid: int) -> Edit:
    def edit(c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM stored_events WHERE rowid=?", (rowid,))
        c.execute("DELETE FROM integrity_leaves WHERE position=?", (rowid - 1,))

    return edit


def swap_rows(a: int, b: int) -> Edit:
    def edit(c: sqlite3.Connection) -> None:
        c.execute("UPDATE stored_events SET rowid=-1 WHERE rowid=?", (a,))
        c.execute("UPDATE stored_events SET rowid=? WHERE rowid=?", (a, b))
        c.execute("UPDATE stored_events SET rowid=? WHERE rowid=-1", (b,))

    return edit


def truncate(size: int) -> Edit:
    def edit(c: sqlite3.Connection) -> None:
        c.execute("DELETE FROM stored_events WHERE rowid>?", (size,))
        c.execute("DELETE FROM integrity_leaves WHERE position>=?", (size,))
        c.execute("DELETE FROM integrity_nodes WHERE ((idx + 1) << level) > ?", (size,))

    return edit


def signatures(ids: list[int], rng: random.Random) -> Iterator[Mutation]:
    for _ in range(60):
        a, b = sorted(rng.sample(ids, 2))
        yield Mutation(
            "swapped signature",
            f"event {a} ",
            lambda c, a=a, b=b: c.execute(
                "UPDATE integrity_leaves SET signature = CASE position WHEN ? THEN "
                "(SELECT signature FROM integrity_leaves WHERE position=?) ELSE "
                "(SELECT signature FROM integrity_leaves WHERE position=?) END "
                "WHERE position IN (?, ?)",
                (a - 1, b - 1, a - 1, a - 1, b - 1),
            ),
        )


def key_substitutions(states: dict[int, bytes]) -> Iterator[Mutation]:
    """A registration's key replaced by someone else's."""
    for rowid, value in states.items():
        if b'"key":"ssh-ed25519 ' not in value:
            continue
        start = value.index(b'"key":"') + 7
        end = value.index(b'"', start)
        for thief in ("mallory", "trudy", "eve2", "oscar", "zed"):
            edited = value[:start] + demo_public(thief).encode() + value[end:]
            yield Mutation("key substituted", f"event {rowid} ", set_state(rowid, edited))


def tree_edits(ids: list[int], nodes: int, rng: random.Random) -> Iterator[Mutation]:
    """The stored tree itself edited: a leaf hash, or an inner node."""
    for rowid in rng.sample(ids, 20):
        yield Mutation(
            "leaf hash",
            f"event {rowid} ",
            lambda c, r=rowid: c.execute(
                "UPDATE integrity_leaves SET leaf_hash=zeroblob(32) WHERE position=?", (r - 1,)
            ),
        )
    for n in rng.sample(range(nodes), 20):
        yield Mutation(
            "tree node",
            "tree node",
            lambda c, n=n: c.execute(
                "UPDATE integrity_nodes SET hash=zeroblob(32) WHERE rowid=?", (n + 1,)
            ),
        )
