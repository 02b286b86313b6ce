"""The state of the ledger just before a point in its history.

Every rule is a check of a fact against a `Situation`: the fold of every live fact placed
before it, ordered by effective date and then by recording order. `FactIndex` holds the
facts a unit of work can see (stored ones, read from a source that is caught up to the
head of the log, and the ones it has decided but not saved) and folds a record as of any
point, touching only the records a check asks about.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from typing import Any, Protocol

from dcledger.ledger import ids
from dcledger.ledger.facts import Fact, named
from dcledger.ledger.rules.record_facts import AggregateFacts, Key, StoredRecord, StoredState
from dcledger.ledger.state import (
    AmendmentState,
    CharterState,
    CoalitionState,
    DccgMeetingState,
    FoundingState,
    MemberReviewState,
    PersonState,
    apply_fact,
)


class FactSource(Protocol):
    """Stored facts, with their notification ids (a read model caught up to the head)."""

    def aggregate_facts(self, aggregate_id: str) -> list[Fact]: ...

    def stored_state(self, aggregate_id: str) -> StoredState | None:
        """The record's state with every stored fact folded, if the source keeps it."""
        ...

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        """The record's retractions effective on or after `on`."""
        ...

    def kind_facts(self, kind: str) -> list[Fact]: ...

    def later_facts(
        self, on: str, *, types: Collection[str] = (), mentioning: str | None = None
    ) -> list[Fact]:
        """Facts effective on or after `on` of one of `types`, or naming a person."""
        ...


def mentions(fact: Fact, handle: str) -> bool:
    return handle in named(fact)


class MemorySource:
    """A source over a list of facts: for unit tests and for auditing a bundle."""

    def __init__(self, facts: Iterable[Fact] = ()):
        self.facts = sorted(facts, key=lambda f: f.seq)

    def aggregate_facts(self, aggregate_id: str) -> list[Fact]:
        return [f for f in self.facts if f.aggregate_id == aggregate_id]

    def kind_facts(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def stored_state(self, aggregate_id: str) -> StoredState | None:
        return None  # every record is folded from its facts

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        found = self.aggregate_facts(aggregate_id)
        return [f for f in found if f.is_retraction and f.effective_date >= on]

    def later_facts(
        self, on: str, *, types: Collection[str] = (), mentioning: str | None = None
    ) -> list[Fact]:
        return [
            f
            for f in self.facts
            if f.effective_date >= on
            and (f.type in types or (mentioning is not None and mentions(f, mentioning)))
        ]


class FactIndex:
    """The facts one unit of work can see: stored ones from a source, plus pending ones."""

    PENDING_BASE = 2**60  # pending facts sort after every stored one

    def __init__(self, source: FactSource):
        self.source = source
        self._aggregates: dict[str, AggregateFacts] = {}
        self._kinds_loaded: set[str] = set()
        self._aggregate_kind: dict[str, str] = {}
        self.pending: list[Fact] = []
        self.lines: dict[int, int] = {}  # a pending fact's place -> its import line
        self._pending_by_type: dict[str, list[Fact]] = {}
        self._pending_naming: dict[str, list[Fact]] = {}  # handle -> facts naming them

    def record(self, aggregate_id: str) -> AggregateFacts:
        found = self._aggregates.get(aggregate_id)
        if found is None:
            kept = self.source.stored_state(aggregate_id)
            if kept is not None:
                found = self._aggregates[aggregate_id] = StoredRecord(
                    kept,
                    functools.partial(self.source.aggregate_facts, aggregate_id),
                    functools.partial(self.source.retractions_since, aggregate_id),
                )
                self._aggregate_kind[aggregate_id] = kept[0]
                return found
            stored = self.source.aggregate_facts(aggregate_id)
            found = self._aggregates[aggregate_id] = AggregateFacts(stored)
            if stored:
                self._aggregate_kind[aggregate_id] = stored[0].kind
        return found

    def aggregates_of_kind(self, kind: str) -> list[str]:
        if kind not in self._kinds_loaded:
            by_aggregate: dict[str, list[Fact]] = {}
            for fact in self.source.kind_facts(kind):
                by_aggregate.setdefault(fact.aggregate_id, []).append(fact)
            for aggregate_id, facts in by_aggregate.items():
                if aggregate_id not in self._aggregates:
                    self._aggregates[aggregate_id] = AggregateFacts(facts)
                self._aggregate_kind[aggregate_id] = kind
            self._kinds_loaded.add(kind)
        return [s for s, k in self._aggregate_kind.items() if k == kind]

    def place(self, fact: Fact) -> Fact:
        """The fact with its place after everything seen so far in recording order."""
        return fact.at(self.PENDING_BASE + len(self.pending))

    def add(self, fact: Fact) -> Fact:
        """Add a decided fact after everything seen so far in recording order."""
        placed = self.place(fact)
        self.record(placed.aggregate_id).add(placed)
        self._aggregate_kind.setdefault(placed.aggregate_id, placed.kind)
        self.pending.append(placed)
        self._pending_by_type.setdefault(placed.type, []).append(placed)
        for handle in named(placed):
            self._pending_naming.setdefault(handle, []).append(placed)
        return placed

    def later_facts(
        self, after: Fact, *, types: Collection[str] = (), mentioning: str | None = None
    ) -> list[Fact]:
        """Live facts placed after `after` that are of `types` or name `mentioning`."""
        stored = self.source.later_facts(after.effective_date, types=types, mentioning=mentioning)
        # Pending facts are indexed by type and by the persons they name, so a backfill
        # looks only at the facts that can read what it changed.
        pending = [f for t in types for f in self._pending_by_type.get(t, ())]
        if mentioning is not None:
            pending += self._pending_naming.get(mentioning, ())
        found = {f.seq: f for f in stored + pending if f.key > after.key and self.is_live(f)}
        return sorted(found.values(), key=lambda f: f.seq)

    def is_live(self, fact: Fact) -> bool:
        """Whether a fact is in effect: not retracted (a retraction always is; it reads
        the office or role its author held, so it is re-checked like any other fact)."""
        return fact.is_retraction or fact.seq in self.record(fact.aggregate_id).live_seqs

    def situation(
        self, key: Key, on: str | None = None, known: dict[str, Any] | None = None
    ) -> Situation:
        return IndexSituation(self, key, on or key[0], known)

    def before(self, fact: Fact) -> Situation:
        return self.situation(fact.key, fact.effective_date)


class Situation:
    """What the ledger holds just before a point: every query a check may ask.

    Subclasses say where states come from; the questions are asked the same way."""

    on: str  # the effective date being decided

    def state(self, aggregate_id: str) -> Any:
        raise NotImplementedError

    def states_of_kind(self, kind: str) -> list[Any]:
        raise NotImplementedError

    def facts_of(self, aggregate_id: str) -> list[Fact]:
        """Every fact of a record, retracted ones and retractions included."""
        raise NotImplementedError

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        """A record's retractions dated on or after `on`, whenever recorded."""
        raise NotImplementedError

    def founding(self) -> FoundingState | None:
        return self.state(ids.LEDGER_ID)

    def person(self, handle: str) -> PersonState | None:
        found = self.state(ids.person_id(handle))
        return found if found is not None else self.founder_before_founding(handle)

    def founder_before_founding(self, handle: str) -> PersonState | None:
        """The founding secretariat, as `init` registered them, on a date before `init`.
        The secretariat's office is older than any ledger of it: a ledger started today
        records the years before it (backfilling is normal), so its founder holds office
        from the start of the record. Anyone else exists from their registration on."""
        founding = next(iter(self.facts_of(ids.LEDGER_ID)), None)
        if founding is None or founding.data.get("secretariat") != handle:
            return None
        registration = next(iter(self.facts_of(ids.person_id(handle))), None)
        return apply_fact(None, registration) if registration is not None else None

    def coalition(self, slug: str) -> CoalitionState | None:
        return self.state(ids.coalition_id(slug))

    def coalitions(self) -> list[CoalitionState]:
        return self.states_of_kind("coalition")

    def charter(self) -> CharterState | None:
        return self.state(ids.CHARTER_ID)

    def amendment(self, number: int) -> AmendmentState | None:
        return self.state(ids.amendment_id(number))

    def meeting(self, day: str) -> DccgMeetingState | None:
        return self.state(ids.meeting_id(day))

    def meetings(self) -> list[DccgMeetingState]:
        return sorted(self.states_of_kind("dccg"), key=lambda m: m.date)

    def member_review(self, year: int) -> MemberReviewState | None:
        return self.state(ids.review_id(year))

    def holds(self, handle: str, office: str) -> bool:
        person = self.person(handle)
        return person is not None and office in person.offices


class IndexSituation(Situation):
    """Folds each record asked about from a fact index, up to a point in the history."""

    def __init__(self, index: FactIndex, key: Key, on: str, known: dict[str, Any] | None = None):
        self.index = index
        self.key = key
        self.on = on
        self.known = known or {}  # states already folded to this point, by record

    def state(self, aggregate_id: str) -> Any:
        if aggregate_id in self.known:
            return self.known[aggregate_id]
        return self.index.record(aggregate_id).state_before(self.key)

    def states_of_kind(self, kind: str) -> list[Any]:
        states = (self.state(s) for s in self.index.aggregates_of_kind(kind))
        return [s for s in states if s is not None]

    def facts_of(self, aggregate_id: str) -> list[Fact]:
        return list(self.index.record(aggregate_id).all)

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        # Read alone: a stored record's retractions come by date, not with all its facts.
        return self.index.record(aggregate_id).retractions_after((on, -1))
