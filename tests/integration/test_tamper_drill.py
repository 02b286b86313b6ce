"""The tampering drill: over a thousand edits of a real ledger, each named by `verify`.

Edits that change the log (any byte of any event, deleted, inserted, moved, reordered,
duplicated or truncated events, swapped signatures, substituted keys, a forked history)
must all be detected, and the first problem must name the edited event (or, for a
truncation or fork, the position). Edits of the read models only are not the log's
business: `verify` passes and `rebuild` repairs them.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from dcledger.bootstrap import LedgerService
from dcledger.ledger.application import open_app
from dcledger.ledger.integrity import signing, stored
from dcledger.ledger.integrity.append import attach
from dcledger.ledger.integrity.demo import demo_key, demo_public, demo_signer
from dcledger.ledger.storage import Location
from tests.harness import Harness
from tests.integration import drill
from tests.integration.test_projections import dump

SEED = 20261130


def build(folder: Path) -> tuple[Path, str]:
    """A ledger with several signers and kinds of event, its auditor's checkpoint, and a
    copy in one file (no WAL) to start every mutation from."""
    h = Harness(str(folder / "live.db"), folder / "live.views.db")
    h.start()
    h.coalition()
    for handle in ("ana", "dee"):
        h.run("person add-key", "sec", handle=handle, key=demo_public(handle), on="2019-02-01")
    h.signer.runner = None  # from here each event is signed by its own recorder
    for i in range(12):
        h.run("meeting record", "ana", slug="dc-example", title=f"call {i}", on="2019-05-01")
    h.run("member subscribe", "sec", slug="dc-example", person="bo", on="2019-03-01")
    h.run("dccg meeting", "dee", on="2019-06-01", evidence="https://example.org/dccg")
    checkpoint = stored.signed_checkpoint(h.service.app, demo_key("sec"))
    h.service.catch_up()
    h.close()
    pristine = folder / "pristine.db"
    with sqlite3.connect(folder / "live.db") as conn:
        conn.execute("VACUUM INTO ?", (str(pristine),))
    return pristine, checkpoint


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[bytes, str, Path]:
    folder = tmp_path_factory.mktemp("drill")
    path, checkpoint = build(folder)
    return path.read_bytes(), checkpoint, folder


def fresh(data: bytes, path: Path) -> Path:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(data)
    return path


def verify(path: Path, checkpoint: str) -> list[stored.Problem]:
    app = open_app(Location(str(path)))
    try:
        return stored.verify_ledger(app, [("the auditor's checkpoint", checkpoint)])
    finally:
        app.close()


def mutations(data: bytes, path: Path) -> list[drill.Mutation]:
    rng = random.Random(SEED)
    with sqlite3.connect(fresh(data, path)) as conn:
        states = dict(conn.execute("SELECT rowid, state FROM stored_events ORDER BY rowid"))
        nodes = conn.execute("SELECT COUNT(*) FROM integrity_nodes").fetchone()[0]
    ids = sorted(states)
    return [
        *drill.byte_flips(rng, states, 500),
        *drill.member_flips(states),
        *drill.column_flips(ids),
        *drill.structural(ids, rng),
        *drill.signatures(ids, rng),
        *drill.key_substitutions(states),
        *drill.tree_edits(ids, nodes, rng),
    ]


def remembered(check: Callable[..., bool]) -> Callable[..., bool]:
    """`signing.verify`, answering a (key, document, signature) it has seen before from
    memory: its verdict depends on nothing else, and a thousand mutations of one ledger
    would otherwise check the same untouched signatures a thousand times over."""
    verdicts: dict[tuple[bytes, bytes, bytes], bool] = {}

    def verify(
        key: Ed25519PublicKey,
        document: dict[str, Any],
        signature: bytes,
        encoded: bytes | None = None,
    ) -> bool:
        seen = (key.public_bytes_raw(), encoded or signing.canonical(document), signature)
        if seen not in verdicts:
            verdicts[seen] = check(key, document, signature, encoded)
        return verdicts[seen]

    return verify


def test_every_edit_of_the_log_is_named(pristine, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(signing, "verify", remembered(signing.verify))
    data, checkpoint, _ = pristine
    path = tmp_path / "mutated.db"
    assert verify(fresh(data, path), checkpoint) == []
    everything = mutations(data, path)
    assert len(everything) >= 1000
    missed = []
    for m in everything:
        with sqlite3.connect(fresh(data, path)) as conn:
            m.edit(conn)
        problems = verify(path, checkpoint)
        if not problems or m.names not in problems[0].text:
            missed.append((m.kind, m.names, problems[0].text if problems else "no problem"))
    kinds = Counter(m.kind.split(" in ")[0] for m in everything)
    print(f"\ndrill: {len(everything)} mutations, {len(everything) - len(missed)} named", kinds)
    for m in missed[:40]:
        print(m)
    assert missed == []


def test_a_forked_history_with_the_same_size_is_caught_by_the_checkpoint(pristine, tmp_path):
    data, checkpoint, _ = pristine
    size = int(checkpoint.split("\n")[1])
    for k in range(1, 6):  # drop the last k events, record k others: same size, new root
        path = fresh(data, tmp_path / f"fork{k}.db")
        with sqlite3.connect(path) as conn:
            drill.truncate(size - k)(conn)
        with LedgerService(str(path), views_path=tmp_path / f"fork{k}.views.db") as service:
            attach(service.app, demo_signer("sec"))
            for i in range(k):
                service.run(
                    "meeting record", "sec", slug="dc-example", title=f"fork {i}", on="2019-07-01"
                )
        problems = verify(path, checkpoint)
        assert problems and "(a fork)" in problems[0].text
        assert f"position {size - 1}" in problems[0].text
        assert stored.verify_ledger(open_app(Location(str(path)))) == []  # alone it holds


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE coalitions SET lifecycle='dissolved'",
        "DELETE FROM members",
        "UPDATE persons SET name='Mallory'",
        "DELETE FROM coalitions",
    ],
)
def test_view_edits_are_not_the_logs_business_and_rebuild_repairs_them(pristine, tmp_path, edit):
    data, checkpoint, _ = pristine
    path = fresh(data, tmp_path / "ledger.db")
    views = tmp_path / "views.db"
    with LedgerService(str(path), views_path=views) as service:
        service.rebuild()
    before = dump(views)
    with sqlite3.connect(views) as conn:
        assert conn.execute(edit).rowcount > 0
    assert dump(views) != before
    assert verify(path, checkpoint) == []
    with LedgerService(str(path), views_path=views) as service:
        service.rebuild()
    assert dump(views) == before
    assert verify(path, checkpoint) == []
