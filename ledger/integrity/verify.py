"""Checking a log against itself: every leaf, every signature, the root, checkpoints.

The same checks run on a stored ledger (verify) and on an exported bundle (verify
--bundle). Each problem names the first event it concerns; a stored ledger's events are
named by their event id, as every other command names them.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature

from dcledger.ledger.integrity import merkle, signing
from dcledger.ledger.integrity.checkpoint import (
    Checkpoint,
    CheckpointError,
    origin_of,
    parse_note,
    verify_note,
)
from dcledger.ledger.integrity.keybook import KeyBook, seed_genesis
from dcledger.ledger.integrity.offices import SecretariatOffice
from dcledger.ledger.integrity.tree import fold, push


@dataclass(frozen=True)
class Problem:
    position: int  # where in the log; problems are reported in log order
    text: str


@dataclass(frozen=True)
class Signed:
    """One event as the tree holds it: its canonical object and its signature."""

    doc: dict[str, Any]
    signer: str
    key: str
    signature: bytes
    head: int | None = None  # the signed tree head that covers it (an import's event)

    @functools.cached_property
    def encoded(self) -> bytes:
        """The event's canonical bytes: hashed into its leaf and signed, made once."""
        return signing.canonical(self.doc)

    def leaf(self) -> bytes:
        data = signing.leaf_bytes(
            self.doc, self.signer, self.key, self.signature, self.head, self.encoded
        )
        return merkle.leaf_hash(data)

    @classmethod
    def from_leaf(cls, data: dict[str, Any]) -> Signed:
        sig = data["signature"]
        if "head" in sig:
            if not isinstance(sig["head"], int) or "sig" in sig:
                raise signing.Unreadable("its signature names no signed tree head")
            return cls(data["event"], sig["signer"], sig["key"], b"", sig["head"])
        try:
            raw = base64.b64decode(sig["sig"], validate=True)
        except (binascii.Error, TypeError):
            raise signing.Unreadable("its signature is not base64") from None
        return cls(data["event"], sig["signer"], sig["key"], raw)


def name(doc: dict[str, Any]) -> str:
    return f"event {doc.get('id', '?')} (position {doc.get('position', '?')})"


@dataclass
class Verifier:
    """Feed events in log order with `check`; then `finish` with the tree as stored."""

    book: KeyBook = field(default_factory=KeyBook)
    office: SecretariatOffice = field(default_factory=SecretariatOffice)
    leaves: list[bytes] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    heads: dict[int, tuple[int, str, str, bytes]] = field(default_factory=dict)
    frontier: list[tuple[int, bytes]] = field(default_factory=list)
    awaiting: dict[int, tuple[int, Any, str, str]] = field(default_factory=dict)

    def fail(self, position: int, text: str) -> None:
        self.problems.append(Problem(position, text))

    def seed(self, docs: list[dict[str, Any]]) -> None:
        seed_genesis(self.book, docs)

    def check(self, item: Signed, position: int, stored_leaf: bytes | None = None) -> None:
        doc, who = item.doc, name(item.doc)
        if doc.get("position") != position:
            self.fail(position, f"{who}: it says position {doc.get('position')}, not {position}")
        leaf = item.leaf()
        self.leaves.append(leaf)
        if item.signer != doc["recorder"] and not self.office.holds_on(
            item.signer, doc["effective_date"]
        ):
            self.fail(
                position,
                f"{who}: signed by {item.signer}, who is neither its recorder "
                f"{doc['recorder']} nor the secretariat",
            )
        problem = self.book.problem(item.signer, item.key, position, doc["effective_date"])
        public = self.book.public(item.signer, item.key)
        if problem or public is None:
            self.fail(position, f"{who}: {problem}")
        elif item.head is not None:
            self.await_head(item, position)
        elif not signing.verify(public, doc, item.signature, item.encoded):
            self.fail(
                position,
                f"{who}: the signature of {item.signer} does not match it "
                "(the event or its signature was altered)",
            )
        if stored_leaf is not None and stored_leaf != leaf:
            self.fail(position, f"{who}: the tree's leaf hash for it differs from its content")
        self.learn(doc, position)
        push(self.frontier, position, stored_leaf or leaf, [])
        if position + 1 in self.awaiting:
            self.check_head(position + 1, doc)

    def await_head(self, item: Signed, position: int) -> None:
        """An import's event: its signature is the one over the tree head it names."""
        if item.head is None or item.head <= position:
            self.fail(position, f"{name(item.doc)}: it names a tree head before itself")
            return
        started = self.awaiting.setdefault(item.head, (position, item.doc, item.signer, item.key))
        if started[2:] != (item.signer, item.key):
            self.fail(position, f"{name(item.doc)}: signed by another key than its import")

    def check_head(self, size: int, last: dict[str, Any]) -> None:
        start, first, signer, key = self.awaiting.pop(size)
        span = f"events {first.get('id')}..{last.get('id')} (positions {start}..{size - 1})"
        stored = self.heads.get(size)
        public = self.book.public(signer, key)
        if stored is None or stored[:3] != (start, signer, key) or public is None:
            self.fail(size - 1, f"{span}: their import's signed tree head is missing or not theirs")
            return
        body = Checkpoint(origin_of(self.leaves[0]), size, fold(self.frontier)).body()
        try:
            public.verify(stored[3], body.encode())
        except InvalidSignature:
            self.fail(
                start,
                f"{span}: the signature of {signer} over the tree head their "
                "import produced does not hold: one of them was altered",
            )

    def learn(self, doc: dict[str, Any], position: int) -> None:
        try:
            self.book.apply(doc)
        except Exception as e:  # a malformed key event: the signature check named it
            self.fail(position, f"{name(doc)}: its key cannot be read ({e})")
        self.office.learn(doc)

    def secretariat_keys(self, size: int) -> list:
        """Keys of secretariat persons that may sign a checkpoint of `size` events: not
        revoked within them (a stolen key must not vouch for what came after)."""
        holders = self.office.holders()
        return [
            k.public
            for (h, _), k in self.book.keys.items()
            if h in holders and all(at >= size for at, _ in k.revoked)
        ]

    def trusted(self, text: str, origin: str) -> Checkpoint:
        """The checkpoint, if it is of ledger `origin` and its secretariat signed it, as
        the log read so far tells who that is; else CheckpointError."""
        size = parse_note(text)[0].size
        return verify_note(text, self.secretariat_keys(size), origin)

    def check_checkpoint(self, text: str, label: str) -> Checkpoint | None:
        if not self.leaves:
            self.fail(0, f"{label}: the ledger is empty")
            return None
        n = len(self.leaves)
        try:
            cp = self.trusted(text, origin_of(self.leaves[0]))
        except CheckpointError as e:  # after the events' own problems, its likely cause
            self.fail(n, f"{label}: {e}")
            return None
        if cp.size > n:
            self.fail(
                n,
                f"{label}: it saw {cp.size} events but the ledger holds {n}: "
                f"events from position {n} on were removed",
            )
        elif merkle.root_of(self.leaves[: cp.size]) != cp.root:
            self.fail(
                cp.size - 1,
                f"{label}: the first {cp.size} events do not hash to its "
                "root: history up to position "
                f"{cp.size - 1} was rewritten (a fork)",
            )
        return cp

    def report(self) -> list[Problem]:
        for size, (start, first, _, _) in self.awaiting.items():
            self.fail(
                start,
                f"{name(first)}: its import reached position {size - 1}, the log "
                "ends before: events were removed",
            )
        self.awaiting.clear()
        return sorted(self.problems, key=lambda p: p.position)


def check_nodes(leaves: list[bytes], stored: Iterable[tuple[int, int, bytes]]) -> str | None:
    """The stored perfect-subtree nodes are the ones the leaves give."""
    level, hashes, expected = 0, leaves, {}
    while len(hashes) > 1:
        hashes = [merkle.node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes) - 1, 2)]
        level += 1
        expected.update({(level, i): h for i, h in enumerate(hashes)})
    seen = 0
    for lvl, idx, h in stored:
        seen += 1
        if expected.get((lvl, idx)) != bytes(h):
            return f"the stored tree node {lvl}/{idx} is not the hash of its leaves"
    if seen != len(expected):
        return f"the stored tree has {seen} nodes where its leaves make {len(expected)}"
    return None
