"""The `events` table's rows and the facts read back from them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from dcledger.ledger.facts import Fact, named
from dcledger.projections import writing

FACT_COLUMNS = (
    "id, aggregate_id, version, type, effective_date, recorded_at, actor, role, data, evidence,"
    " person"
)


def event_row(fact: Fact, subject: str | None) -> dict[str, Any]:
    return {
        "id": fact.id,
        "aggregate_id": fact.aggregate_id,
        "version": fact.version,
        "kind": fact.kind,
        "type": fact.type,
        "subject": subject,
        "actor": fact.actor,
        "role": fact.role,
        "person": fact.person,
        "evidence": fact.evidence,
        "effective_date": fact.effective_date,
        "recorded_at": fact.recorded_at,
        "data": json.dumps(fact.data, sort_keys=True),
        "retracted_by": None,
    }


def insert_events(
    conn: sqlite3.Connection, facts: list[Fact], subject: Callable[[str], str | None]
) -> list[dict[str, Any]]:
    """The `events` rows of these facts (`subject` names each one's record), and the
    `event_names` rows: each person each one names."""
    rows = [event_row(f, subject(f.aggregate_id)) for f in facts]
    writing.insert(conn, "events", rows)
    conn.executemany(
        "INSERT INTO event_names (handle, effective_date, id) VALUES (?, ?, ?)",
        [(handle, f.effective_date, f.id) for f in facts for handle in named(f)],
    )
    return rows


def fact_from_row(row: tuple) -> Fact:
    id_, aggregate_id, version, type_, effective, recorded, actor, role, data, evidence, person = (
        row
    )
    return Fact(
        aggregate_id=aggregate_id,
        version=version,
        type=type_,
        effective_date=effective,
        recorded_at=recorded,
        actor=actor,
        role=role,
        data=json.loads(data),
        evidence=evidence,
        person=person,
        id=id_,
        seq=id_,
    )
