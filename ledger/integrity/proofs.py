"""Proofs from the stored tree, and what they conclude about a saved checkpoint."""

from __future__ import annotations

import base64
from typing import Any

from dcledger.ledger.errors import IntegrityFailure, InvalidInput
from dcledger.ledger.integrity import merkle, stored
from dcledger.ledger.integrity.checkpoint import Checkpoint, parse_note


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def saved_checkpoint(text: str, origin: str) -> Checkpoint:
    """The checkpoint in `text`: InvalidInput if it is unreadable or of another ledger."""
    checkpoint, _ = parse_note(text)  # CheckpointError is an InvalidInput
    if checkpoint.origin != origin:
        raise InvalidInput(f"the checkpoint is of ledger '{checkpoint.origin}', not '{origin}'")
    return checkpoint


def inclusion_document(app: Any, event_id: int, saved: str | None = None) -> dict[str, Any]:
    """The inclusion proof of `event_id` in today's tree, or in the tree of the saved
    checkpoint `saved` (its text)."""
    now = stored.current(app)
    head = now if saved is None else saved_checkpoint(saved, now.origin)
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
    old = saved_checkpoint(saved, now.origin)
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
