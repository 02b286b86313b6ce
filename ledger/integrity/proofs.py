"""Proofs from the stored tree, and what they conclude about a saved checkpoint.

A saved checkpoint is worth what its signature is worth: it is judged as `verify` judges
it (a key of the ledger's secretariat, not revoked within its events) before its tree head
is used, so a forged or edited note proves nothing.
"""

from __future__ import annotations

import base64
from typing import Any

from dcledger.ledger.errors import IntegrityFailure, InvalidInput
from dcledger.ledger.integrity import merkle, stored
from dcledger.ledger.integrity.checkpoint import Checkpoint, CheckpointError, parse_note


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def trusted_checkpoint(app: Any, text: str, origin: str) -> Checkpoint:
    """The checkpoint in `text`: InvalidInput if it is unreadable or of another ledger,
    IntegrityFailure if this ledger's secretariat did not sign it."""
    checkpoint, _ = parse_note(text)  # CheckpointError is an InvalidInput
    if checkpoint.origin != origin:
        raise InvalidInput(f"the checkpoint is of ledger '{checkpoint.origin}', not '{origin}'")
    try:
        return stored.trusted_checkpoint(app, text, origin)
    except CheckpointError as e:  # readable and ours: what fails is its signature
        raise IntegrityFailure(str(e)) from None


def inclusion_document(app: Any, event_id: int, saved: str | None = None) -> dict[str, Any]:
    """The inclusion proof of `event_id` in today's tree, or in the tree of the saved
    checkpoint `saved` (its text)."""
    now = stored.current(app)
    head = now if saved is None else trusted_checkpoint(app, saved, now.origin)
    try:
        position, leaf, proof = stored.inclusion(app, event_id, head.size)
        merkle.verify_inclusion(position, head.size, leaf, proof, head.root)
    except LookupError as e:
        raise InvalidInput(str(e)) from None
    except merkle.ProofError:
        raise IntegrityFailure(
            f"event {event_id} is not in the checkpoint's tree: the ledger was rewritten"
        ) from None
    return {
        "event": event_id,
        "position": position,
        "tree_size": head.size,
        "root": b64(head.root),
        "leaf_hash": b64(leaf),
        "proof": [b64(h) for h in proof],
    }


def consistency_document(app: Any, saved: str) -> dict[str, Any]:
    """The consistency proof that today's tree extends the saved checkpoint's (its text)."""
    now = stored.current(app)
    old = trusted_checkpoint(app, saved, now.origin)
    if old.size > now.size:
        raise IntegrityFailure(
            f"the checkpoint saw {old.size} events, the ledger holds {now.size}: "
            f"events from position {now.size} on were removed"
        )
    proof = stored.consistency(app, old.size, now.size) if old.size < now.size else []
    try:
        merkle.verify_consistency(old.size, now.size, old.root, now.root, proof)
    except merkle.ProofError as e:
        raise IntegrityFailure(f"the ledger does not extend the checkpoint: {e}") from None
    return {
        "from_size": old.size,
        "to_size": now.size,
        "from_root": b64(old.root),
        "to_root": b64(now.root),
        "proof": [b64(h) for h in proof],
    }
