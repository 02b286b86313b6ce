"""Checking a log against itself: every leaf, every signature, the root, checkpoints.

The same checks run on a stored ledger (verify) and on an exported bundle (verify
--bundle). Each problem names the first event it concerns; a stored ledger's events are
named by their event id, as every other command names them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dcledger.ledger.integrity import merkle, signing
from dcledger.ledger.integrity.checkpoint import Checkpoint, CheckpointError, verify_note
from dcledger.ledger.integrity.keybook import KeyBook, seed_genesis

SECRETARIAT = "secretariat"


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

    def leaf(self) -> bytes:
        return merkle.leaf_hash(signing.leaf_bytes(self.doc, self.signer, self.key, self.signature))

    @classmethod
    def from_leaf(cls, data: dict[str, Any]) -> Signed:
        sig = data["signature"]
        try:
            raw = base64.b64decode(sig["sig"], validate=True)
        except (binascii.Error, TypeError):
            raise signing.Unreadable("its signature is not base64") from None
        return cls(data["event"], sig["signer"], sig["key"], raw)


def origin_of(first_leaf: bytes) -> str:
    """A ledger's name in its checkpoints: fixed by its first event."""
    return f"dcledger/{first_leaf.hex()[:16]}"


def name(doc: dict[str, Any]) -> str:
    return f"event {doc.get('id', '?')} (position {doc.get('position', '?')})"


@dataclass
class Verifier:
    """Feed events in log order with `check`; then `finish` with the tree as stored."""

    book: KeyBook = field(default_factory=KeyBook)
    secretariat: set[str] = field(default_factory=set)
    handles: dict[str, str] = field(default_factory=dict)  # person record -> handle
    leaves: list[bytes] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

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
        if item.signer != doc["recorder"] and item.signer not in self.secretariat:
            self.fail(
                position,
                f"{who}: signed by {item.signer}, who is neither its recorder "
                f"{doc['recorder']} nor the secretariat",
            )
        problem = self.book.problem(item.signer, item.key, position, doc["effective_date"])
        public = self.book.public(item.signer, item.key)
        if problem or public is None:
            self.fail(position, f"{who}: {problem}")
        elif not signing.verify(public, doc, item.signature):
            self.fail(
                position,
                f"{who}: the signature of {item.signer} does not match it "
                "(the event or its signature was altered)",
            )
        if stored_leaf is not None and stored_leaf != leaf:
            self.fail(position, f"{who}: the tree's leaf hash for it differs from its content")
        self.learn(doc, position)

    def learn(self, doc: dict[str, Any], position: int) -> None:
        try:
            self.book.apply(doc)
        except Exception as e:  # a malformed key event: the signature check named it
            self.fail(position, f"{name(doc)}: its key cannot be read ({e})")
        data, topic = doc["data"], doc["topic"]
        if topic == "dcledger:person.registered:v1":
            self.handles[doc["record"]] = data.get("handle")
            if SECRETARIAT in (data.get("offices") or []):
                self.secretariat.add(data.get("handle"))
        elif topic == "dcledger:person.office_granted:v1" and data.get("office") == SECRETARIAT:
            self.secretariat.add(self.handles.get(doc["record"], ""))

    def secretariat_keys(self) -> list:
        return [k.public for (h, _), k in self.book.keys.items() if h in self.secretariat]

    def check_checkpoint(self, text: str, label: str) -> Checkpoint | None:
        if not self.leaves:
            self.fail(0, f"{label}: the ledger is empty")
            return None
        n = len(self.leaves)
        try:
            cp = verify_note(text, self.secretariat_keys(), origin_of(self.leaves[0]))
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
