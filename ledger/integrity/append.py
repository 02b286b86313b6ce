"""Signing and hashing what a transaction appends, before it commits.

The recorder (see recorders.py) calls `append` inside eventsourcing's insert transaction,
so an event, its signature, its leaf and the tree nodes it completes are stored together
or not at all. A key problem raises KeyProblem, which rolls the whole transaction back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import StoredEvent

from dcledger.ledger.integrity import merkle, signing
from dcledger.ledger.integrity.checkpoint import Checkpoint, origin_of
from dcledger.ledger.integrity.keybook import KeyBook, genesis_key, seed_genesis
from dcledger.ledger.integrity.keys import KeyProblem, fingerprint
from dcledger.ledger.integrity.tree import Db, fold, push


@dataclass
class Signer:
    """Who signs: `runner` (the person running the command or import) signs every event;
    without one, each event is signed by its own recorder. `key_for` gives a handle's
    private key or raises KeyProblem. With `per_head` (an import, which needs a runner)
    the runner signs the tree head the append produced instead of each event."""

    key_for: Callable[[str], Ed25519PrivateKey]
    runner: str | None = None
    per_head: bool = False  # an import: one signature over the tree head, by the runner
    _cache: dict[str, tuple[Ed25519PrivateKey, str]] = field(default_factory=dict)

    def key(self, handle: str) -> tuple[Ed25519PrivateKey, str]:
        if handle not in self._cache:
            key = self.key_for(handle)
            self._cache[handle] = (key, fingerprint(key.public_key()))
        return self._cache[handle]


def attach(app: Any, signer: Signer | None) -> None:
    """Give a ledger application's recorder the signer of what it records next."""
    app.recorder.signer = signer


def documents(start: int, events: Sequence[StoredEvent], ids: Sequence[int]) -> list[dict]:
    return [
        signing.event_document(
            start + i,
            ids[i],
            _hex(s.originator_id),
            s.originator_version,
            s.topic,
            s.state,
            strict=False,
        )
        for i, s in enumerate(events)
    ]


def _hex(originator_id: Any) -> str:
    return originator_id.hex if hasattr(originator_id, "hex") else str(originator_id)


def load_book(db: Db, handles: set[str]) -> KeyBook:
    book = KeyBook()
    for handle in handles:
        rows = db.rows(
            "SELECT public_key, added, revoked_at, revoked_on FROM integrity_keys WHERE handle=?",
            (handle,),
        )
        for public, added, revoked_at, revoked_on in rows:
            fp = book.add(handle, public, added)
            if revoked_at is not None:
                book.revoke(handle, fp, revoked_at, revoked_on)
    return book


def append(db: Db, events: Sequence[StoredEvent], ids: Sequence[int], signer: Signer | None):
    if not events:
        return
    if signer is None:
        raise KeyProblem("this ledger signs every event, and no signing key was given")
    start = db.size()
    docs = documents(start, events, ids)
    handles = {signer.runner} if signer.runner else {d["recorder"] for d in docs}
    book = load_book(db, handles)
    if start == 0:
        seed_genesis(book, docs)
    head = start + len(docs) if signer.per_head else None
    frontier, leaves, nodes = db.frontier(start), [], []
    for doc in docs:
        handle = signer.runner or doc["recorder"]
        key, fp = signer.key(handle)
        problem = book.problem(handle, fp, doc["position"], doc["effective_date"])
        if problem:
            raise KeyProblem(f"{handle} cannot sign: {problem}")
        encoded = signing.canonical(doc)
        sig = b"" if head else key.sign(encoded)
        leaf = merkle.leaf_hash(signing.leaf_bytes(doc, handle, fp, sig, head, encoded))
        leaves.append((doc["position"], doc["id"], leaf, handle, fp, sig, head))
        push(frontier, doc["position"], leaf, nodes)
        book.apply(doc)
    db.many("INSERT INTO integrity_leaves VALUES (?,?,?,?,?,?,?)", leaves)
    db.many("INSERT INTO integrity_nodes VALUES (?,?,?)", nodes)
    if head:
        sign_head(db, signer, head, start, fold(frontier), leaves[0][2] if start == 0 else None)
    _store_keys(db, docs)


def sign_head(db: Db, signer: Signer, size: int, start: int, root: bytes, first: bytes | None):
    """One signature over the tree head an import produced (a checkpoint body)."""
    handle = signer.runner or ""
    key, fp = signer.key(handle)
    origin = origin_of(first if first is not None else db.subtree(0, 0))
    sig = key.sign(Checkpoint(origin, size, root).body().encode())
    db.many("INSERT INTO integrity_heads VALUES (?,?,?,?,?)", [(size, start, handle, fp, sig)])


def _store_keys(db: Db, docs: list[dict]) -> None:
    """Keep the key cache in step with the key events just appended."""
    book = KeyBook()
    found = genesis_key(docs)
    if found is not None:
        fp = book.add(found[0], found[1], 0)
        db.many(
            "INSERT INTO integrity_keys VALUES (?,?,?,0,NULL,NULL) ON CONFLICT DO NOTHING",
            [(found[0], fp, found[1])],
        )
    for doc in docs:
        data = doc["data"]
        if doc["topic"].endswith("person.key_added:v1"):
            fp = book.add(data["handle"], data["key"], doc["position"] + 1)
            added = book.keys[(data["handle"], fp)].added
            db.many(
                "INSERT INTO integrity_keys VALUES (?,?,?,?,NULL,NULL) ON CONFLICT DO NOTHING",
                [(data["handle"], fp, data["key"], added)],
            )
        elif doc["topic"].endswith("person.key_revoked:v1"):
            db.many(
                "UPDATE integrity_keys SET revoked_at=?, revoked_on=? "
                "WHERE handle=? AND fingerprint=? AND revoked_at IS NULL",
                [(doc["position"], doc["effective_date"], data["handle"], data["fingerprint"])],
            )
