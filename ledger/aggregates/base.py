"""The base of every dcledger aggregate: events carry an envelope, state is a fold.

Aggregates decide nothing: a command builds the events, and the rule layer
(`dcledger.ledger.rules`) checks each one against the state as of its effective date
before anything is saved. An aggregate keeps its facts, for its version and its fold.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate

from dcledger.ledger.facts import Fact, fact_from_event
from dcledger.ledger.ids import stable_id
from dcledger.ledger.state import fold

__all__ = ["Envelope", "LedgerAggregate", "stable_id"]

# Numbers every event as it is applied, so a unit of work can put the events of several
# aggregates back in the order they were decided.
DECISIONS = itertools.count()


@dataclass(frozen=True)
class Envelope:
    """Who recorded an event, under which role, for which date, citing what."""

    effective_date: str
    actor: str
    role: str
    evidence: str | None = None
    person: str | None = None  # the person an actor recorded for (backfilling)

    def fields(self) -> dict[str, Any]:
        return {
            "effective_date": self.effective_date,
            "actor": self.actor,
            "role": self.role,
            "evidence": self.evidence,
            "person": self.person,
        }


class LedgerAggregate(Aggregate):
    """Keeps its facts; its state is their fold, computed when asked for."""

    class Event(Aggregate.Event):
        effective_date: str
        actor: str
        role: str
        evidence: str | None
        person: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            aggregate._facts.append(fact_from_event(self))
            aggregate._decided.append(next(DECISIONS))
            aggregate._state = None

    class Retracted(Event):
        """A correction naming an earlier event of the same aggregate; each aggregate
        subclasses it with its own explicit topic."""

        target_version: int
        target_id: int | None  # the notification id, when the target was already stored
        target_type: str
        reason: str

    def __init__(self) -> None:
        self._facts: list[Fact] = []
        self._decided: list[int] = []
        self._state: Any = None

    def record(self, event_class: type[Aggregate.Event], envelope: Envelope, **data: Any) -> None:
        self.trigger_event(event_class, **envelope.fields(), **data)

    @property
    def state(self) -> Any:
        """The state folded from every fact of this aggregate (typed by each subclass)."""
        if self._state is None:
            self._state = fold(self._facts)
        return self._state

    @property
    def facts(self) -> list[Fact]:
        return list(self._facts)

    def decided_order(self, event_index: int) -> int:
        """When the event at `event_index` of this aggregate's history was decided."""
        return self._decided[event_index]

    def fact(self, version: int) -> Fact | None:
        return next((f for f in self._facts if f.version == version), None)

    def retract(self, target: Fact, target_id: int | None, reason: str, envelope: Envelope) -> None:
        """The original stays in the log; every fold skips it from now on."""
        self.trigger_event(
            self.Retracted,  # type: ignore[attr-defined]
            **envelope.fields(),
            target_version=target.version,
            target_id=target_id,
            target_type=target.type,
            reason=reason,
        )
