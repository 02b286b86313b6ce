"""The tree and signatures kept in the append's own transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from dcledger.ledger.integrity import keys, merkle, stored
from dcledger.ledger.integrity.demo import demo_key, demo_public, demo_signer
from dcledger.ledger.integrity.keys import KeyProblem
from tests.harness import Harness


def leaves(h: Harness) -> list[bytes]:
    with h.service.app.recorder.reading() as db:
        return [
            bytes(r[0]) for r in db.rows("SELECT leaf_hash FROM integrity_leaves ORDER BY position")
        ]


def stored_root(h: Harness, size: int | None = None) -> bytes:
    with h.service.app.recorder.reading() as db:
        return db.root(size)


def count_rows(h: Harness) -> tuple[int, int]:
    with h.service.app.recorder.reading() as db:
        return db.size(), h.events()


def test_the_incremental_tree_is_the_rfc_tree_at_every_size(ledger: Harness) -> None:
    roots = [stored_root(ledger)]
    ledger.coalition()
    for i in range(5):
        ledger.run("meeting record", "sec", slug="dc-example", title=f"m{i}", on="2019-05-01")
        roots.append(stored_root(ledger))
    hashes = leaves(ledger)
    assert len(hashes) == ledger.events()
    assert stored_root(ledger) == merkle.root_of(hashes)
    for size in range(1, len(hashes) + 1):  # every earlier head, from the stored nodes
        assert stored_root(ledger, size) == merkle.root_of(hashes[:size])
    assert roots[-1] == merkle.root_of(hashes)


def test_every_proof_from_the_stored_tree_verifies(ledger: Harness) -> None:
    ledger.coalition()
    app, hashes = ledger.service.app, leaves(ledger)
    n = len(hashes)
    ids = [x.id for x in app.recorder.select_notifications(start=1, limit=1000)]
    root = merkle.root_of(hashes)
    for position, event_id in enumerate(ids):
        got, leaf, proof = stored.inclusion(app, event_id, n)
        assert got == position and leaf == hashes[position]
        merkle.verify_inclusion(position, n, leaf, proof, root)
    for size in range(1, n):
        proof = stored.consistency(app, size, n)
        merkle.verify_consistency(size, n, merkle.root_of(hashes[:size]), root, proof)


def test_a_clean_ledger_verifies(ledger: Harness) -> None:
    ledger.coalition()
    assert stored.verify_ledger(ledger.service.app) == []


def test_a_signer_without_a_registered_key_writes_nothing(ledger: Harness) -> None:
    ledger.signer.runner = "dee"  # dee was registered without a key
    before = count_rows(ledger)
    error = ledger.refused("person grant", "sec", handle="dee", office="secretariat")
    assert isinstance(error, KeyProblem)
    assert "dee cannot sign: key SHA256:" in str(error) and "not a registered key" in str(error)
    assert count_rows(ledger) == before


def test_a_signer_whose_key_cannot_be_found_writes_nothing(ledger: Harness) -> None:
    ledger.signer.runner = None
    ledger.signer.key_for = lambda handle: keys.find_private(handle)
    ledger.signer._cache.clear()
    before = count_rows(ledger)
    error = ledger.refused("person grant", "sec", handle="dee", office="secretariat")
    assert "sec has no signing key" in str(error)
    assert count_rows(ledger) == before


def test_a_revoked_key_signs_nothing_more_not_even_the_past(ledger: Harness) -> None:
    """Revoked because it was stolen, a key must not backfill events dated before its
    revocation: it signs nothing recorded after the revocation, whatever the date."""
    ledger.run("person add-key", "sec", handle="dee", key=demo_public("dee"), on="2019-01-02")
    fp = keys.fingerprint(demo_key("dee").public_key())
    ledger.service.app.recorder.signer = demo_signer("dee")
    ledger.run("dccg meeting", "dee", on="2019-05-01")  # signed before the revocation
    ledger.service.app.recorder.signer = ledger.signer
    ledger.run("person revoke-key", "sec", handle="dee", fingerprint=fp, on="2019-06-01")
    ledger.service.app.recorder.signer = demo_signer("dee")
    before = count_rows(ledger)
    for on in ("2019-06-01", "2019-05-31"):
        with pytest.raises(KeyProblem, match="was revoked on 2019-06-01"):
            ledger.run("dccg meeting", "dee", on=on)
    assert count_rows(ledger) == before
    assert stored.verify_ledger(ledger.service.app) == []


def test_recording_for_someone_else_is_signed_by_the_secretariat(ledger: Harness) -> None:
    ledger.coalition()
    ledger.run("member subscribe", "sec", slug="dc-example", person="ana", on="2019-03-01")
    with ledger.service.app.recorder.reading() as db:
        signer = db.one("SELECT signer FROM integrity_leaves ORDER BY position DESC LIMIT 1")
    assert signer == ("sec",)
    assert stored.verify_ledger(ledger.service.app) == []


def test_key_events_are_not_retracted(ledger: Harness) -> None:
    """The key book follows the keys as recorded: a retracted addition left its key
    signing, a retracted revocation left its key revoked."""
    added = ledger.run(
        "person add-key", "sec", handle="dee", key=demo_public("dee"), on="2019-01-02"
    )
    fp = keys.fingerprint(demo_key("dee").public_key())
    revoked = ledger.run("person revoke-key", "sec", handle="dee", fingerprint=fp, on="2019-02-01")
    for outcome in (added, revoked):
        error = ledger.refused(
            "retract", "sec", event_id=outcome.events[0][0], reason="mistake", on="2019-03-01"
        )
        assert error.rule == "retract-not-key"


def test_the_secretariat_keeps_a_key(ledger: Harness) -> None:
    """Only a usable key records, and only the secretariat adds keys for others: the last
    secretariat key revoked would lock the ledger for good."""
    fp = keys.fingerprint(demo_key("sec").public_key())
    error = ledger.refused("person revoke-key", "sec", handle="sec", fingerprint=fp)
    assert error.rule == "secretariat-keeps-a-key"
    ledger.run("person grant", "sec", handle="dee", office="secretariat", on="2019-01-02")
    ledger.run("person add-key", "sec", handle="dee", key=demo_public("dee"), on="2019-01-02")
    ledger.run("person revoke-key", "sec", handle="sec", fingerprint=fp, on="2019-01-03")


def test_a_backdated_revocation_cannot_leave_the_secretariat_without_a_key(
    ledger: Harness,
) -> None:
    """sec revoked its last key while dee's secretariat key remained: dee's own revocation
    dated before that would have left none, so it is refused naming sec's revocation, and
    so is retracting dee's office."""
    grant = ledger.run("person grant", "sec", handle="dee", office="secretariat", on="2019-01-02")
    ledger.run("person add-key", "sec", handle="dee", key=demo_public("dee"), on="2019-01-02")
    sec_fp = keys.fingerprint(demo_key("sec").public_key())
    revoked = ledger.run(
        "person revoke-key", "sec", handle="sec", fingerprint=sec_fp, on="2019-06-01"
    )
    ledger.signer.runner = None  # from now on each recorder signs with their own key
    dee_fp = keys.fingerprint(demo_key("dee").public_key())
    error = ledger.refused(
        "person revoke-key", "dee", handle="dee", fingerprint=dee_fp, on="2019-05-01"
    )
    assert error.rule == "secretariat-keeps-a-key"
    assert f"event {revoked.events[0][0]} (person.key_revoked on 2019-06-01)" in str(error)
    ledger.run("person register", "dee", handle="eve", name="E", email="e@x.org", on="2019-07-01")
    ledger.run("person grant", "dee", handle="eve", office="secretariat", on="2019-07-01")
    ledger.run("person add-key", "dee", handle="eve", key=demo_public("eve"), on="2019-07-01")
    retraction = ledger.refused(
        "retract", "eve", event_id=grant.events[0][0], reason="x", on="2019-08-01"
    )
    assert retraction.rule == "secretariat-keeps-a-key"
