"""Reading the read models: facts by record, kind and date, and the registry of any date
(from the stored snapshots when nothing older is asked for)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.ids import coalition_id
from dcledger.ledger.vocabulary import EVENT_TYPES
from dcledger.projections import dated, snapshots, writing
from dcledger.projections.private import ALIAS
from dcledger.projections.rows import FACT_COLUMNS, fact_from_row

if TYPE_CHECKING:
    from dcledger.ledger.registry import Registry
    from dcledger.ledger.rules.situation import StoredState
    from dcledger.ledger.state import PersonState


RETRACTIONS = sorted(t for t in EVENT_TYPES if t.endswith(".retracted"))


class ViewReading:
    """The read side of `Views`; it is also the fact source the rule layer decides
    against, once the views are caught up to the head of the log."""

    conn: sqlite3.Connection

    def position(self) -> int:
        """The last event processed."""
        return writing.tracked(self.conn)

    def processed_at(self, position: int) -> tuple[str, int] | None:
        """The record and version of the event these views processed at `position`."""
        row = self.conn.execute("SELECT aggregate_id, version FROM events WHERE id = ?", [position])
        seen = row.fetchone()
        return (seen[0], seen[1]) if seen else None

    def query(self, sql: str, args: Iterable[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts, columns in their order; `args` positional or named."""
        cursor = self.conn.execute(sql, args if isinstance(args, Mapping) else list(args))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def aggregate_facts(self, aggregate_id: str, up_to: int | None = None) -> list[Fact]:
        rows = self.conn.execute(
            f"SELECT {FACT_COLUMNS} FROM events WHERE aggregate_id = ? AND id <= ? ORDER BY id",
            [aggregate_id, up_to if up_to is not None else 2**62],
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def stored_state(self, aggregate_id: str) -> StoredState | None:
        """The record's stored snapshot brought forward to its last event, with the key
        of its latest live fact; None when it cannot be (the rule layer then folds)."""
        found = snapshots.brought_forward(self.conn, aggregate_id)
        return (found.kind, found.state, (found.latest, found.last)) if found else None

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        # Through the index by type and date: retractions are few, a record's facts (a
        # vote's ballots) or the log's since a date may be many.
        rows = self.conn.execute(
            f"SELECT {FACT_COLUMNS} FROM events INDEXED BY idx_events_type_effective_date "
            f"WHERE type IN ({', '.join('?' * len(RETRACTIONS))}) AND effective_date >= ? "
            "AND aggregate_id = ? ORDER BY id",
            [*RETRACTIONS, on, aggregate_id],
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def kind_facts(self, kind: str) -> list[Fact]:
        rows = self.conn.execute(
            f"SELECT {FACT_COLUMNS} FROM events WHERE kind = ? ORDER BY id", [kind]
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def later_facts(
        self, on: str, *, types: Collection[str] = (), mentioning: str | None = None
    ) -> list[Fact]:
        """Facts effective on or after `on` of one of `types`, or naming a person: what a
        backdated fact or a retraction may have to re-check. Each part is read through
        its own index ((type, effective_date); event_names), so a backfill far in the past
        reads the facts it may affect, not every later fact of the log."""
        rows: dict[int, tuple] = {}
        if types:
            parts = " UNION ALL ".join(
                f"SELECT {FACT_COLUMNS} FROM events WHERE type = ? AND effective_date >= ?"
                for _ in types
            )
            for row in self.conn.execute(parts, [v for t in types for v in (t, on)]):
                rows[row[0]] = row
        if mentioning is not None:
            named = self.conn.execute(
                f"SELECT {FACT_COLUMNS} FROM events WHERE id IN (SELECT id FROM event_names"
                " WHERE handle = ? AND effective_date >= ?)",
                [mentioning, on],
            )
            for row in named:
                rows[row[0]] = row
        return [fact_from_row(rows[i]) for i in sorted(rows)]

    def facts(
        self, as_of: str | None = None, known_at: str | None = None, *, kinds: str = ""
    ) -> list[Fact]:
        """Facts recorded by `known_at` and in effect on `as_of`; retractions count from
        the moment they were recorded, whatever date they name. `kinds`: a condition on
        the record's kind, such as "kind = 'person'"."""
        where, args = [kinds or "1 = 1"], []
        if known_at:
            where.append("recorded_at <= ?")
            args.append(known_at)
        if as_of:
            where.append("(effective_date <= ? OR type LIKE '%.retracted')")
            args.append(as_of)
        rows = self.conn.execute(
            f"SELECT {FACT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id", args
        ).fetchall()
        return [fact_from_row(r) for r in rows]

    def registry(
        self, as_of: str | None = None, known_at: str | None = None, *, slug: str | None = None
    ) -> Registry:
        """The registry on `as_of` as known at `known_at`; with `slug`, of a past date,
        holding only that coalition (and the persons it names, when asked): a question
        about one coalition need not fold every record."""
        from dcledger.ledger.registry import Registry  # the state models: see _current_states

        if as_of is not None and known_at is None:  # from the year-end states
            which, args = "kind != 'person'", []
            if slug is not None:
                which, args = "kind = 'coalition' AND aggregate_id = ?", [coalition_id(slug)]
            return Registry(
                dated.states_on(self.conn, as_of, which, args),
                persons=lambda: self._contacts_of(
                    dated.states_on(self.conn, as_of, "kind = 'person'")
                ),
                persons_named=lambda handles: self._contacts_of(
                    dated.persons_on(self.conn, as_of, handles)
                ),
            )
        if as_of is not None or known_at is not None:
            persons = "kind = 'person'"
            return Registry.from_facts(
                self.facts(as_of, known_at, kinds=f"NOT {persons}"),
                persons=lambda: self._contacts_of(
                    Registry.from_facts(self.facts(as_of, known_at, kinds=persons)).persons.values()
                ),
            )
        return Registry(
            self._current_states("s.kind != 'person'"),
            persons=lambda: self._contacts_of(self._current_states("s.kind = 'person'")),
        )

    def coalitions_registry(self, slugs: list[str]) -> Registry:
        """A registry of today holding only these coalitions and the DCCG meetings."""
        marks = ", ".join("?" for _ in slugs)
        which = f"s.kind = 'dccg' OR (s.kind = 'coalition' AND s.subject IN ({marks}))"
        from dcledger.ledger.registry import Registry

        return Registry(self._current_states(which, slugs))

    def _current_states(self, which: str, args: list[Any] | None = None) -> list[Any]:
        """Each record's state: its snapshot where that is current, else folded. The
        state models (msgspec) load here, when a command first asks for states."""
        return list(self.each_current_state(which, args))

    def each_current_state(self, which: str, args: list[Any] | None = None) -> Iterator[Any]:
        """As `_current_states`, one at a time (see `snapshots.each_current`)."""
        from dcledger.ledger.state import fold

        states = (
            state if state is not None else fold(self.aggregate_facts(key))
            for key, state in snapshots.each_current(self.conn, which, args or [])
        )
        return (state for state in states if state is not None)  # a retracted beginning

    def _contacts_of(self, persons: Iterable[PersonState]) -> list[PersonState]:
        """The persons' addresses come back from the private file (current ones, also
        in a registry of the past: the views keep no history of addresses)."""
        contacts = dict(self.conn.execute(f"SELECT handle, email FROM {ALIAS}.contacts"))
        found = list(persons)
        for person in found:
            if person.handle in contacts:
                person.email = contacts[person.handle]
        return found
