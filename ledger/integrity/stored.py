"""A stored ledger's integrity: verify it, sign its checkpoint, prove from its tree."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dcledger.ledger.errors import IntegrityFailure, InvalidInput
from dcledger.ledger.integrity import keys, merkle, signing
from dcledger.ledger.integrity.checkpoint import Checkpoint, sign_note
from dcledger.ledger.integrity.tree import Db
from dcledger.ledger.integrity.verify import (
    Problem,
    Signed,
    Verifier,
    check_nodes,
    origin_of,
)

BATCH = 2000
LEAF_COLUMNS = "position, event_id, leaf_hash, signer, key, signature, head"


def pairs(db: Db) -> Iterator[tuple[Any | None, tuple | None]]:
    """(notification, leaf row) in log order; None where one side has run out."""
    start, position = 1, 0
    while True:
        batch = db.events(start, BATCH)
        leaves = db.rows(
            f"SELECT {LEAF_COLUMNS} FROM integrity_leaves WHERE position>=? "
            "ORDER BY position LIMIT ?",
            (position, max(len(batch), BATCH)),
        )
        if not batch and not leaves:
            return
        for i in range(max(len(batch), len(leaves))):
            yield (batch[i] if i < len(batch) else None, leaves[i] if i < len(leaves) else None)
        position += max(len(batch), len(leaves))
        start = batch[-1].id + 1 if batch else start
        if not batch:  # only leaves are left: the loop above already yielded them all
            return


def document(n: Any, position: int) -> dict[str, Any]:
    return signing.event_document(position, n.id, n.record, n.version, n.topic, n.state)


def check_pair(v: Verifier, n: Any, leaf: tuple | None, position: int) -> None:
    if n is None:
        v.fail(
            position,
            f"event {leaf[1]} (position {position}) is in the tree but "
            "not in the log: it was deleted",
        )
        v.leaves.append(bytes(leaf[2]))
        return
    if leaf is not None and leaf[0] != position:
        v.fail(
            position,
            f"the tree lacks position {position}: the event there, before event "
            f"{n.id}, was deleted with its leaf",
        )
    elif leaf is None or leaf[1] != n.id:
        v.fail(position, moved(n.id, None if leaf is None else leaf[1], position))
    try:
        doc = document(n, position)
    except signing.Unreadable as e:
        v.fail(position, f"event {n.id} (position {position}): {e}")
        v.leaves.append(bytes(leaf[2]) if leaf else merkle.EMPTY_ROOT)
        return
    if leaf is None:
        v.leaves.append(merkle.EMPTY_ROOT)
        v.learn(doc, position)
        return
    v.check(Signed(doc, leaf[3], leaf[4], bytes(leaf[5]), leaf[6]), position, bytes(leaf[2]))


def moved(event_id: int, leaf_event: int | None, position: int) -> str:
    """Why the log's event at `position` is not the tree's."""
    if leaf_event is None:
        return f"event {event_id} (position {position}) was added outside dcledger: no leaf"
    if leaf_event < event_id:
        return f"event {leaf_event} (position {position}) was deleted from the log"
    return (
        f"event {event_id} (position {position}) was inserted or moved outside dcledger: "
        f"the tree holds event {leaf_event} there"
    )


def learn_pair(v: Verifier, n: Any, leaf: tuple | None, position: int) -> None:
    """What check_pair teaches `v` of keys and offices, without checking anything."""
    if n is not None:
        with contextlib.suppress(signing.Unreadable):  # check_pair learns nothing from it
            v.learn(document(n, position), position)


def replay(db: Db, v: Verifier, step: Callable[[Verifier, Any, tuple | None, int], None]) -> None:
    """Feed the log to `v` in order, through `step`, from the founding key on."""
    v.heads = db.heads()
    first = db.events(1, 1)
    with contextlib.suppress(signing.Unreadable):  # check_pair names an unreadable one
        v.seed([document(first[0], 0)] if first else [])
    for position, (n, leaf) in enumerate(pairs(db)):
        step(v, n, leaf, position)


def verify_ledger(app: Any, checkpoints: list[tuple[str, str]] = ()) -> list[Problem]:
    v = Verifier()
    with app.recorder.reading() as db:
        replay(db, v, check_pair)
        problem = check_nodes(v.leaves, db.rows("SELECT level, idx, hash FROM integrity_nodes"))
        if problem:
            v.fail(len(v.leaves), problem)
    for label, text in checkpoints:
        v.check_checkpoint(text, label)
    return v.report()


def current(app: Any) -> Checkpoint:
    with app.recorder.reading() as db:
        size = db.size()
        if size == 0:
            return Checkpoint("dcledger/empty", 0, merkle.EMPTY_ROOT)
        return Checkpoint(origin_of(db.subtree(0, 0)), size, db.root(size))


def trusted_checkpoint(app: Any, text: str, origin: str) -> Checkpoint:
    """The checkpoint `text`, if it is of ledger `origin` and signed by a key `verify`
    accepts for it (a secretariat's, not revoked within its events); else CheckpointError.
    The keys and offices are learnt from the whole log as `verify` learns them, without
    re-checking every event's signature (that is `verify`'s work)."""
    v = Verifier()
    with app.recorder.reading() as db:
        replay(db, v, learn_pair)
    return v.trusted(text, origin)


def signed_checkpoint(app: Any, key: Ed25519PrivateKey) -> str:
    """The current tree head, signed: only over a log that verifies, since a checkpoint
    vouches for every event in it (an edited ledger would otherwise be signed as it is)."""
    problems = verify_ledger(app)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise IntegrityFailure(
            f"the ledger does not verify, so no checkpoint is signed: {problems[0].text}{more}"
        )
    cp = current(app)
    return sign_note(cp, cp.origin, key)


def inclusion(app: Any, event_id: int, size: int) -> tuple[int, bytes, list[bytes]]:
    """(position, leaf hash, proof) of an event in the tree of `size`."""
    with app.recorder.reading() as db:
        position = db.position_of(event_id)
        if position is None or position >= size:
            raise LookupError(f"event {event_id} is not in the tree of size {size}")
        return (
            position,
            db.subtree(0, position),
            merkle.inclusion_proof(position, size, db.hash_range),
        )


def consistency(app: Any, size1: int, size2: int) -> list[bytes]:
    with app.recorder.reading() as db:
        return merkle.consistency_proof(size1, size2, db.hash_range)


def ledger_signing_key(app: Any, handle: str | None, key_file: Path | None) -> Any:
    """The private key that signs for the ledger: `handle`'s (else the first
    secretariat's), which must be a registered, unrevoked key of theirs."""
    with app.recorder.reading() as db:
        if handle is None:
            row = db.one("SELECT handle FROM integrity_keys ORDER BY added LIMIT 1")
            if row is None:
                raise InvalidInput("this ledger has no signing keys yet; record something first")
            handle = row[0]
        key = keys.find_private(handle, key_file)
        fp = keys.fingerprint(key.public_key())
        row = db.one(
            "SELECT revoked_at FROM integrity_keys WHERE handle=? AND fingerprint=?", (handle, fp)
        )
    if row is None or row[0] is not None:
        raise InvalidInput(f"{fp} is not a registered, unrevoked key of {handle}")
    return key
