"""Which key may sign which event: the rules `record` enforces and `verify` re-checks.

A key is added by a `person.key_added` event and counts from the next position on. The
founding secretariat's key is named by the `ledger.initialized` event at position 0 and
counts from there, so `init` signs itself (trust on first use, as with SSH). A key
revoked by a `person.key_revoked` event signs nothing from the revocation's position on,
whatever date an event names: revoked because it was lost or stolen, it must not be able
to write the past. (The revocation's date says when the key stopped being trusted.)
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from dcledger.ledger.integrity.keys import KeyProblem, fingerprint, parse_public

KEY_ADDED = "dcledger:person.key_added:v1"
KEY_REVOKED = "dcledger:person.key_revoked:v1"
INITIALIZED = "dcledger:ledger.initialized:v1"


@dataclass
class HeldKey:
    handle: str
    public: Ed25519PublicKey
    added: int  # position from which it signs
    revoked: list[tuple[int, str]] = field(default_factory=list)  # (position, date)


@dataclass
class KeyBook:
    keys: dict[tuple[str, str], HeldKey] = field(default_factory=dict)  # (handle, fingerprint)

    def add(self, handle: str, public_line: str, position: int) -> str:
        public = parse_public(public_line)
        fp = fingerprint(public)
        self.keys.setdefault((handle, fp), HeldKey(handle, public, position))
        return fp

    def revoke(self, handle: str, fp: str, position: int, date: str) -> None:
        if (handle, fp) in self.keys:
            self.keys[(handle, fp)].revoked.append((position, date))

    def problem(self, handle: str, fp: str, position: int, date: str) -> str | None:
        """Why `handle` may not sign with key `fp` the event at `position` dated `date`."""
        held = self.keys.get((handle, fp))
        if held is None or held.added > position:
            return f"key {fp} is not a registered key of {handle}"
        # Revoked, a key signs nothing recorded after: not even an event dated before the
        # revocation (a stolen key must not write the past).
        for at, revoked_on in held.revoked:
            if at < position:
                return f"key {fp} of {handle} was revoked on {revoked_on}"
        return None

    def public(self, handle: str, fp: str) -> Ed25519PublicKey | None:
        held = self.keys.get((handle, fp))
        return held.public if held else None

    def apply(self, doc: dict[str, Any]) -> None:
        """Take in the key change an event makes (after its own signature was checked)."""
        data, position = doc["data"], doc["position"]
        if doc["topic"] == KEY_ADDED:
            self.add(data["handle"], data["key"], position + 1)
        elif doc["topic"] == KEY_REVOKED:
            self.revoke(data["handle"], data["fingerprint"], position, doc["effective_date"])


def genesis_key(docs: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(handle, public key) of the founding secretariat: the initialized event at
    position 0 names them and their key, and is itself signed with it."""
    if not docs or docs[0]["position"] != 0 or docs[0]["topic"] != INITIALIZED:
        return None
    data = docs[0]["data"]
    if not isinstance(data.get("secretariat"), str) or not isinstance(data.get("key"), str):
        return None
    return data["secretariat"], data["key"]


def seed_genesis(book: KeyBook, docs: list[dict[str, Any]]) -> None:
    found = genesis_key(docs)
    if found is not None:
        # An unreadable key signs nothing; verify names the event that holds it.
        with contextlib.suppress(KeyProblem):
            book.add(found[0], found[1], 0)
