"""The pull loop: read the notification log in batches, write read models exactly once.

Each batch's event rows, the derived rows it changes and the tracking position are written
in one SQLite transaction taken with BEGIN IMMEDIATE; the position is re-read inside it,
so a second process catching up at the same moment skips what the first one wrote, and a
crash leaves nothing half done.

Folded states are kept in the `snapshots` table, each with the event position it covers.
They are written at the end of a catch-up, not per batch, and only for records that are
new, were folded again, or are `snapshots.stored_every` facts ahead of their snapshot: a
snapshot older than its record's last event is folded forward from the events table when
read, so a crash or a concurrent writer can make a snapshot stale but never wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dcledger.ledger import policy
from dcledger.ledger.errors import LedgerUnavailable
from dcledger.ledger.facts import Fact, live_facts
from dcledger.ledger.storage import lock_timeout
from dcledger.projections import dated, resident, snapshots, status_cache, writing
from dcledger.projections.describe import write_metadata
from dcledger.projections.files import opening_lock, prepare_views_file
from dcledger.projections.private import ALIAS, CONTACTS, contact_row, private_path, redact
from dcledger.projections.reading import ViewReading
from dcledger.projections.rows import insert_events
from dcledger.projections.schema import DERIVED, ENGINE_TABLES, create_tables, primary_key
from dcledger.projections.writing import TRACKER
from dcledger.projections.written_rows import WrittenRows

if TYPE_CHECKING:
    from dcledger.ledger.event_store import DcLedgerApp
    from dcledger.projections.changed_rows import Changes

Progress = Callable[[int, int], None]  # (position reached, head)


class Views(ViewReading):
    def __init__(self, path: Path, *, replace_damaged: bool = False):
        self.path = Path(path)
        try:
            with opening_lock(self.path):
                self._open(replace_damaged)
        except (sqlite3.Error, OSError) as e:
            raise LedgerUnavailable(f"cannot use the read models at {self.path}: {e}") from None
        self._follow_checked = False
        self._forget()

    def _open(self, replace_damaged: bool) -> None:
        prepare_views_file(self.path, replace_damaged)
        self.conn = sqlite3.connect(self.path, timeout=lock_timeout(), isolation_level=None)
        create_tables(self.conn)
        self.private_path = private_path(self.path)
        self.conn.execute(f"ATTACH DATABASE ? AS {ALIAS}", [str(self.private_path)])
        self.conn.execute(CONTACTS)
        write_metadata(self.path, self.private_path)

    def _forget(self) -> None:
        """Drop what this process remembers of the tables (another process moved them)."""
        self._states: dict[str, tuple[Any, str]] = {}  # aggregate_id -> (state, latest date)
        self._positions: dict[str, int] = {}  # aggregate_id -> last event id folded in
        self._behind: dict[str, int] = {}  # facts folded in since the stored snapshot
        self._changes: dict[str, Changes] = {}  # the rows each record's facts changed
        self._vacated: dict[str, Any] = {}  # the last state of records whose start is gone
        self._written = WrittenRows(self.conn)
        self._known_position = -1

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so concurrent writers queue, not deadlock."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # --- catching up ---------------------------------------------------------------------

    def catch_up(self, app: DcLedgerApp, progress: Progress | None = None) -> int:
        """Process every notification after the tracked position; return how many. Views
        that do not follow this log (it was truncated, restored from an older backup or
        replaced) are rebuilt from it."""
        from dcledger.ledger.event_store import EventLog

        log = EventLog(app)
        head = log.head()
        processed = 0
        position = self.position()
        if not self._follow_checked:
            self._follow_checked = True  # once per process: a log does not shrink under us
            if position and not self.follows(app, position, head):
                return self.rebuild(app, progress)
        while position < head:
            batch = log.notifications(position + 1, policy.PROJECTION_BATCH_SIZE)
            if not batch:
                break
            facts = log.facts(batch)
            processed += self._write_batch(facts)
            position = batch[-1].id
            if progress:
                progress(position, head)
        self._write_snapshots()
        self._refresh_status()
        return processed

    def _refresh_status(self) -> None:
        due = status_cache.standings_due(self)
        if due is not None:
            with self.transaction():
                self.conn.executemany("UPDATE coalitions SET status = ? WHERE slug = ?", due[1])
                writing.track(self.conn, "status", due[0])
            self._written.forget("coalitions")

    def follows(self, app: DcLedgerApp, position: int, head: int) -> bool:
        """Whether the event at the tracked position is the one these views processed."""
        from dcledger.ledger.event_store import EventLog

        if position > head:
            return False
        found = EventLog(app).notifications(position, 1, stop=position)
        event = (found[0].originator_id.hex, found[0].originator_version) if found else None
        return event is not None and event == self.processed_at(position)

    def at_head(self, position: int, head: int, event: tuple[str, int] | None) -> bool:
        """Whether these views, at `position`, are at the `head` of a log whose event
        there is `event` (record, version); if so, finish as a catch-up finishes."""
        if position != head:
            return False
        if position and not self._follow_checked and event != self.processed_at(position):
            return False  # catch_up reads the log, and rebuilds views that do not follow it
        self._follow_checked = True  # once per process, as in catch_up
        self._write_snapshots()
        self._refresh_status()
        return True

    def rebuild(self, app: DcLedgerApp, progress: Progress | None = None) -> int:
        with self.transaction():
            for table in (*DERIVED, *ENGINE_TABLES):
                self.conn.execute(f"DELETE FROM [{table}]")
            self.conn.execute(f"DELETE FROM {ALIAS}.contacts")
        self._forget()
        self._known_position = 0
        return self.catch_up(app, progress)

    def _write_batch(self, facts: list[Fact]) -> int:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            start = self.position()
            if start != self._known_position:
                self._forget()
            fresh = [f for f in facts if f.id is not None and f.id > start]
            if fresh:
                self._changes, self._vacated = {}, {}
                touched = self._apply([redact(f) for f in fresh])
                status_cache.forget(self.conn, self._records_of(fresh))
                snapshots.claim(self.conn, {key: self._states[key][0] for key in touched})
                self._write_contacts(fresh)
                self._write_rows(touched)
                snapshots.drop(self.conn, [k for k in touched if self._states[k][0] is None])
                self._shed()
                writing.track(self.conn, TRACKER, fresh[-1].id)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._forget()
            raise
        self._known_position = fresh[-1].id if fresh else start
        return len(fresh)

    def _write_rows(self, touched: set[str]) -> None:
        from dcledger.projections.changed_rows import changed_rows  # see _fold_in

        upserts: dict[str, list[dict]] = {}
        for aggregate_id in touched:
            state = self._states[aggregate_id][0]
            vacated = self._vacated.get(aggregate_id)
            for rows in changed_rows(state, self._changes.get(aggregate_id), vacated):
                upserts.setdefault(rows.table, []).extend(self._written.sync(rows))
        for table, changed in upserts.items():
            if changed:  # one statement batch per table, not per row set
                writing.upsert(self.conn, table, changed, primary_key(table))

    def _write_contacts(self, facts: list[Fact]) -> None:
        """Current addresses into the private file (the views got them redacted)."""
        rows = [r for f in facts if (r := contact_row(f, self._subject(f.aggregate_id)))]
        self.conn.executemany(
            f"INSERT INTO {ALIAS}.contacts (handle, email, since, event) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(handle) DO UPDATE SET email = excluded.email,"
            " since = excluded.since, event = excluded.event",
            [(r["handle"], r["email"], r["since"], r["event"]) for r in rows],
        )

    def _apply(self, facts: list[Fact]) -> set[str]:
        rows = insert_events(self.conn, facts, self._subject)
        touched: set[str] = set()
        for fact, row in zip(facts, rows, strict=True):
            if fact.type.endswith(".retracted"):
                self.conn.execute(
                    "UPDATE events SET retracted_by = ? WHERE aggregate_id = ? AND version = ?",
                    [fact.id, fact.aggregate_id, fact.data["target_version"]],
                )
            self._fold_in(fact)
            if row["subject"] is None:  # an aggregate new in this batch: its subject is known now
                self.conn.execute(
                    "UPDATE events SET subject = ? WHERE id = ?",
                    [self._subject(fact.aggregate_id), fact.id],
                )
            touched.add(fact.aggregate_id)
        return touched

    def _records_of(self, facts: list[Fact]) -> set[tuple[str, str | None]]:
        """(kind, subject) of each record these facts belong to."""
        kinds = {f.aggregate_id: f.type.split(".", 1)[0] for f in facts}
        return {(kind, self._subject(key)) for key, kind in kinds.items()}

    def _subject(self, aggregate_id: str) -> str | None:
        cached = self._states.get(aggregate_id)
        if cached and cached[0] is not None:
            from dcledger.projections.tables import subject_of  # see _fold_in

            return subject_of(cached[0])
        return snapshots.subject(self.conn, aggregate_id)

    def _fold_in(self, fact: Fact) -> None:
        # The state models (msgspec) load only when there is something to fold: a
        # command that finds its views caught up never pays for them.
        from dcledger.ledger.state import apply_fact, fold_live
        from dcledger.projections.changed_rows import changes_of, merged

        state, latest = self._resume(fact.aggregate_id, fact.id)
        prior = state  # what it was before this fact
        year = int(fact.effective_date[:4])
        dated.forget(self.conn, fact.aggregate_id, None if fact.is_retraction else year)
        if state is None or not snapshots.in_order(fact, latest):
            # A retraction or a backfilled fact changes the past of this aggregate only;
            # the latest date is the live facts' own (a retraction may lower it).
            live = live_facts(self.aggregate_facts(fact.aggregate_id, up_to=fact.id))
            state = fold_live(live)
            latest = max((f.effective_date for f in live), default="")
            changes = None
            self._behind[fact.aggregate_id] = snapshots.STORE_NOW
        else:
            if latest and year > int(latest[:4]):  # the first fact after a year's end
                dated.write(self.conn, fact.aggregate_id, int(latest[:4]), state, fact.id - 1)
            state = apply_fact(state, fact)
            latest = fact.effective_date
            changes = changes_of(state, fact)
            self._behind[fact.aggregate_id] = self._behind.get(fact.aggregate_id, 0) + 1
        if fact.aggregate_id in self._changes:
            changes = merged(self._changes[fact.aggregate_id], changes)
        self._changes[fact.aggregate_id] = changes
        if state is None and prior is not None:  # its beginning retracted: rows go
            self._vacated.setdefault(fact.aggregate_id, prior)
        resident.touched(self._states, fact.aggregate_id, (state, latest))
        self._positions[fact.aggregate_id] = fact.id or 0

    def _resume(self, aggregate_id: str, before: int | None) -> tuple[Any, str]:
        """A record's state before the fact at `before`: as this process last folded it,
        else its stored snapshot brought forward."""
        if aggregate_id in self._states:
            return self._states[aggregate_id]
        found = snapshots.brought_forward(self.conn, aggregate_id, before)
        self._behind[aggregate_id] = found.folded if found else 0
        return (found.state, found.latest) if found else (None, "")

    def _shed(self) -> None:
        """Keep the states and rows that `policy.STATES_KEPT` and `ROWS_REMEMBERED` allow,
        in the batch's transaction, so a rebuild's memory does not grow with the log."""
        stored = resident.shed(self._states, self._positions, self._behind, policy.STATES_KEPT)
        snapshots.write(self.conn, stored)
        self._written.forget_except(policy.ROWS_REMEMBERED)

    def _write_snapshots(self) -> None:
        """Store the states whose stored snapshot is new, cannot be brought forward, or is
        as far behind as `snapshots.stored_every` allows."""
        due = [
            key
            for key, behind in self._behind.items()
            if behind >= snapshots.stored_every(self._states[key][0])
        ]
        if not due:
            return
        states = {
            key: (self._states[key][0], self._positions[key], self._states[key][1]) for key in due
        }
        with self.transaction():
            snapshots.write(self.conn, states)
        for key in due:
            self._behind[key] = 0
