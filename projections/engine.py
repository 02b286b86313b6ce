"""The pull loop: read the notification log in batches, write read models exactly once.

Each batch's rows and the tracking position are written in one SQLite transaction taken
with BEGIN IMMEDIATE; the position is re-read inside it, so a second process catching up
at the same moment skips what the first one wrote, and a crash leaves nothing half done.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ledger import policy
from ledger.application import DcLedgerApp
from ledger.errors import LedgerUnavailable
from ledger.facts import Fact, fact_from_event
from ledger.registry import Registry
from ledger.state import STATE_OF_KIND, apply_fact, fold
from ledger.storage import lock_timeout
from projections.tables import DERIVED, create_tables, subject_of, write_state

TRACKER = "views"
Progress = Callable[[int, int], None]  # (position reached, head)


class Views:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=lock_timeout(), isolation_level=None
            )
            self.db = Database(conn)
            create_tables(self.db)
        except (sqlite3.Error, OSError) as e:
            raise LedgerUnavailable(f"cannot use the read models at {self.path}: {e}") from None
        # Folded states of the scopes touched during this process's catch-ups, valid
        # while no other process has moved the tracking position since we last wrote.
        self._states: dict[str, tuple[Any, str]] = {}
        self._known_position = -1

    def close(self) -> None:
        self.db.close()

    # --- catching up ---------------------------------------------------------------------

    def position(self) -> int:
        row = self.db.execute("SELECT position FROM tracking WHERE name = ?", [TRACKER]).fetchone()
        return row[0] if row else 0

    def catch_up(self, app: DcLedgerApp, progress: Progress | None = None) -> int:
        """Process every notification after the tracked position; return how many."""
        head = app.recorder.max_notification_id() or 0
        processed = 0
        position = self.position()
        while position < head:
            batch = app.recorder.select_notifications(
                start=position + 1, limit=policy.PROJECTION_BATCH_SIZE
            )
            if not batch:
                break
            facts = [fact_from_event(app.mapper.to_domain_event(n), n.id) for n in batch]
            processed += self._write_batch(facts)
            position = batch[-1].id
            if progress:
                progress(position, head)
        return processed

    def rebuild(self, app: DcLedgerApp, progress: Progress | None = None) -> int:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for table in (*DERIVED, "events", "scopes", "tracking"):
                self.db.execute(f"DELETE FROM [{table}]")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self._states.clear()
        self._known_position = 0
        return self.catch_up(app, progress)

    def _write_batch(self, facts: list[Fact]) -> int:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            start = self.position()
            if start != self._known_position:
                self._states.clear()
            fresh = [f for f in facts if f.id is not None and f.id > start]
            if fresh:
                touched = self._apply(fresh)
                for scope in touched:
                    self._store_scope(scope)
                self.db["tracking"].upsert({"name": TRACKER, "position": fresh[-1].id}, pk="name")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._states.clear()
            raise
        self._known_position = fresh[-1].id if fresh else start
        return len(fresh)

    def _apply(self, facts: Iterable[Fact]) -> set[str]:
        touched: set[str] = set()
        rows = []
        for fact in facts:
            rows.append(event_row(fact))
            touched.add(fact.scope)
        self.db["events"].insert_all(rows)
        for fact in facts:
            if fact.type.endswith(".retracted"):
                self.db.execute(
                    "UPDATE events SET retracted_by = ? WHERE scope = ? AND version = ?",
                    [fact.id, fact.scope, fact.data["target_version"]],
                )
            self._fold_in(fact)
        return touched

    def _fold_in(self, fact: Fact) -> None:
        cached = self._states.get(fact.scope) or self._load_scope(fact.scope)
        state, latest = cached if cached else (None, "")
        if state is None or fact.type.endswith(".retracted") or fact.effective_date < latest:
            # A retraction or a backfilled fact changes the past of this scope only.
            state = fold(self.scope_facts(fact.scope, up_to=fact.id))
        else:
            state = apply_fact(state, fact)
        self._states[fact.scope] = (state, max(latest, fact.effective_date))

    def _load_scope(self, scope: str) -> tuple[Any, str] | None:
        row = self.db.execute(
            "SELECT kind, state, (SELECT MAX(effective_date) FROM events e "
            "WHERE e.scope = s.scope AND e.type NOT LIKE '%.retracted' AND e.retracted_by IS NULL)"
            " FROM scopes s WHERE scope = ?",
            [scope],
        ).fetchone()
        if row is None:
            return None
        kind, state_json, latest = row
        return STATE_OF_KIND[kind].model_validate_json(state_json), latest or ""

    def _store_scope(self, scope: str) -> None:
        state, _ = self._states[scope]
        if state is None:
            return
        kind = next(k for k, cls in STATE_OF_KIND.items() if isinstance(state, cls))
        subject = subject_of(state)
        self.db["scopes"].upsert(
            {"scope": scope, "kind": kind, "subject": subject, "state": state.model_dump_json()},
            pk="scope",
        )
        self.db.execute("UPDATE events SET subject = ? WHERE scope = ? AND subject IS NULL",
                        [subject, scope])
        write_state(self.db, state)

    # --- reading facts -------------------------------------------------------------------

    def scope_facts(self, scope: str, up_to: int | None = None) -> list[Fact]:
        rows = self.db.execute(
            f"SELECT {FACT_COLUMNS} FROM events WHERE scope = ? AND id <= ? ORDER BY id",
            [scope, up_to if up_to is not None else 2**62],
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def facts(self, as_of: str | None = None, known_at: str | None = None) -> list[Fact]:
        """Facts recorded by `known_at` and in effect on `as_of`; retractions count from
        the moment they were recorded, whatever date they name."""
        where, args = ["1 = 1"], []
        if known_at:
            where.append("recorded_at <= ?")
            args.append(known_at)
        if as_of:
            where.append("(effective_date <= ? OR type LIKE '%.retracted')")
            args.append(as_of)
        rows = self.db.execute(
            f"SELECT {FACT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id", args
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def registry(self, as_of: str | None = None, known_at: str | None = None) -> Registry:
        if as_of is None and known_at is None:
            rows = self.db.execute("SELECT kind, state FROM scopes").fetchall()
            return Registry(STATE_OF_KIND[k].model_validate_json(s) for k, s in rows)
        return Registry.from_facts(self.facts(as_of, known_at))


FACT_COLUMNS = (
    "id, scope, version, type, effective_date, recorded_at, actor, role, data, evidence, person"
)


def event_row(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id, "scope": fact.scope, "version": fact.version, "kind": fact.kind,
        "type": fact.type, "subject": None, "actor": fact.actor, "role": fact.role,
        "person": fact.person, "evidence": fact.evidence,
        "effective_date": fact.effective_date, "recorded_at": fact.recorded_at,
        "data": json.dumps(fact.data, sort_keys=True), "retracted_by": None,
    }


def fact_from_row(row: tuple) -> Fact:
    id_, scope, version, type_, effective, recorded, actor, role, data, evidence, person = row
    return Fact(
        scope=scope, version=version, type=type_, effective_date=effective,
        recorded_at=recorded, actor=actor, role=role, data=json.loads(data),
        evidence=evidence, person=person, id=id_,
    )
