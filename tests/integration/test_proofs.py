"""Proofs against a saved checkpoint: its signature judged as verify judges it, then what
the stored tree concludes about it, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from dcledger.ledger.errors import IntegrityFailure, InvalidInput
from dcledger.ledger.integrity import keys, stored
from dcledger.ledger.integrity.checkpoint import Checkpoint, sign_note
from dcledger.ledger.integrity.demo import demo_key, demo_public
from dcledger.ledger.integrity.proofs import (
    b64,
    consistency_document,
    inclusion_document,
    trusted_checkpoint,
)
from tests.harness import Harness

NOT_SIGNED = "no valid signature by the ledger's secretariat on the checkpoint"
OTHER_ROOT = hashlib.sha256(b"another history").digest()


def signed(head: Checkpoint, by: str = "sec") -> str:
    return sign_note(head, head.origin, demo_key(by))


def test_only_a_key_of_the_secretariat_makes_a_checkpoint_trusted(ledger: Harness) -> None:
    """dee signs nothing for the ledger until granted the office; a revoked key of the
    secretariat vouches for nothing its revocation precedes."""
    app = ledger.service.app
    head = stored.current(app)
    assert trusted_checkpoint(app, signed(head), head.origin) == head
    ledger.run("person add-key", "sec", handle="dee", key=demo_public("dee"), on="2019-01-02")
    head = stored.current(app)
    with pytest.raises(IntegrityFailure, match=NOT_SIGNED):
        trusted_checkpoint(app, signed(head, by="dee"), head.origin)
    ledger.run("person grant", "sec", handle="dee", office="secretariat", on="2019-01-02")
    head = stored.current(app)
    assert trusted_checkpoint(app, signed(head, by="dee"), head.origin) == head
    before = signed(head)  # sec's key, before its revocation
    fp = keys.fingerprint(demo_key("sec").public_key())
    ledger.run("person revoke-key", "sec", handle="sec", fingerprint=fp, on="2019-01-03")
    assert trusted_checkpoint(app, before, head.origin) == head
    head = stored.current(app)
    with pytest.raises(IntegrityFailure, match=NOT_SIGNED):
        trusted_checkpoint(app, signed(head), head.origin)


def test_a_note_whose_body_was_edited_fails_its_signature(ledger: Harness) -> None:
    app = ledger.service.app
    head = stored.current(app)
    note = signed(head)
    edited = note.replace(b64(head.root), b64(OTHER_ROOT), 1)
    assert edited != note
    with pytest.raises(IntegrityFailure, match="by a key of the ledger's secretariat does not"):
        trusted_checkpoint(app, edited, head.origin)


def test_an_unreadable_note_or_another_ledgers_is_invalid_input(ledger: Harness) -> None:
    app = ledger.service.app
    head = stored.current(app)
    for text in ("", head.body(), head.body() + "\n"):
        with pytest.raises(InvalidInput, match="not a signed note") as refused:
            trusted_checkpoint(app, text, head.origin)
        assert not isinstance(refused.value, IntegrityFailure)
    other = signed(dataclasses.replace(head, origin="dcledger/0123456789abcdef"))
    with pytest.raises(InvalidInput, match="of ledger 'dcledger/0123456789abcdef', not 'dcledger/"):
        trusted_checkpoint(app, other, head.origin)


def test_the_documents_from_a_trusted_checkpoint(ledger: Harness) -> None:
    app = ledger.service.app
    old = stored.current(app)
    note = signed(old)
    ledger.coalition()
    now = stored.current(app)
    first = app.recorder.select_notifications(start=1, limit=1)[0].id
    inclusion = inclusion_document(app, first, note)
    assert (inclusion["event"], inclusion["position"]) == (first, 0)
    assert (inclusion["tree_size"], inclusion["root"]) == (old.size, b64(old.root))
    assert inclusion_document(app, first)["tree_size"] == now.size
    grown = consistency_document(app, note)
    assert (grown["from_size"], grown["to_size"]) == (old.size, now.size)
    assert (grown["from_root"], grown["to_root"]) == (b64(old.root), b64(now.root))
    assert grown["proof"]
    assert consistency_document(app, signed(now))["proof"] == []
    last = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput, match=f"event {last} is not in the tree of size {old.size}"):
        inclusion_document(app, last, note)


def test_what_a_trusted_checkpoint_the_ledger_does_not_extend_concludes(ledger: Harness) -> None:
    """A checkpoint the secretariat signed is the ledger's word: a tree that no longer
    holds it means the ledger was rewritten or cut short."""
    app = ledger.service.app
    now = stored.current(app)
    first = app.recorder.select_notifications(start=1, limit=1)[0].id
    longer = signed(dataclasses.replace(now, size=now.size + 2))
    with pytest.raises(IntegrityFailure, match=f"from position {now.size} on were removed"):
        consistency_document(app, longer)
    forked = signed(dataclasses.replace(now, size=now.size - 1, root=OTHER_ROOT))
    with pytest.raises(IntegrityFailure, match="the ledger does not extend the checkpoint: "):
        consistency_document(app, forked)
    with pytest.raises(IntegrityFailure, match=f"event {first} is not in the checkpoint's tree"):
        inclusion_document(app, first, forked)
