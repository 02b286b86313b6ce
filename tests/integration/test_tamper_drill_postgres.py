"""A subset of the tampering drill on PostgreSQL: the same checks, the other backend.

Each edit is committed (verify reads through its own connections), checked, and undone.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from dcledger.ledger.integrity import stored
from dcledger.ledger.integrity.demo import demo_key, demo_public
from tests.conftest import PG_URL
from tests.harness import Harness
from tests.integration.drill import flip

SEED = 20261130


@pytest.fixture
def pg(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Harness, str, str]]:
    h = Harness(postgres_url, tmp_path / "views.db")
    h.start()
    h.coalition()
    h.run("person add-key", "sec", handle="ana", key=demo_public("ana"), on="2019-02-01")
    h.signer.runner = None
    for i in range(6):
        h.run("meeting record", "ana", slug="dc-example", title=f"call {i}", on="2019-05-01")
    checkpoint = stored.signed_checkpoint(h.service.app, demo_key("sec"))
    yield h, postgres_url.split("schema=")[1], checkpoint
    h.close()


def problems(h: Harness, checkpoint: str) -> list[stored.Problem]:
    return stored.verify_ledger(h.service.app, [("checkpoint", checkpoint)])


def test_edits_on_postgres_are_named_and_undone(pg) -> None:
    h, schema, checkpoint = pg
    assert problems(h, checkpoint) == []
    rng = random.Random(SEED)
    events = f"{schema}.dcledger_events"
    leaves = f"{schema}.integrity_leaves"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        rows = conn.execute(
            f"SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {events} ORDER BY notification_id"
        ).fetchall()
        ids = [r[0] for r in rows]
        checked = 0
        for _ in range(30):  # a byte of an event's stored state
            nid, *_, state = rng.choice(rows)
            at = rng.randrange(len(state))
            conn.execute(
                f"UPDATE {events} SET state=%s WHERE notification_id=%s",
                (flip(bytes(state), at, rng.randrange(1, 256)), nid),
            )
            found = problems(h, checkpoint)
            assert found and f"event {nid} " in found[0].text, (at, found[:1])
            conn.execute(f"UPDATE {events} SET state=%s WHERE notification_id=%s", (state, nid))
            checked += 1
        for _ in range(5):  # two signatures swapped
            a, b = sorted(rng.sample(range(len(ids)), 2))
            sig = dict(conn.execute(f"SELECT position, signature FROM {leaves}").fetchall())
            swap = f"UPDATE {leaves} SET signature=%s WHERE position=%s"
            conn.execute(swap, (sig[b], a))
            conn.execute(swap, (sig[a], b))
            found = problems(h, checkpoint)
            assert found and f"event {ids[a]} " in found[0].text
            conn.execute(swap, (sig[a], a))
            conn.execute(swap, (sig[b], b))
            checked += 1
        for row in rng.sample(rows, 5):  # an event deleted
            conn.execute(f"DELETE FROM {events} WHERE notification_id=%s", (row[0],))
            found = problems(h, checkpoint)
            assert found and f"event {row[0]} " in found[0].text
            conn.execute(
                f"INSERT INTO {events} (notification_id, originator_id, originator_version, "
                "topic, state) VALUES (%s, %s, %s, %s, %s)",
                row,
            )
            checked += 1
    assert checked == 40
    assert problems(h, checkpoint) == []
