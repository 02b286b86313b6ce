"""The base of every dcledger aggregate: events carry an envelope, state is a fold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from dcledger.ledger.errors import NotFound, RuleViolation
from dcledger.ledger.facts import Fact, fact_from_event, live_facts
from dcledger.ledger.state import apply_fact, fold

ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://dcledger.invalid/ids")


def stable_id(kind: str, key: str) -> UUID:
    """Unique names become aggregate ids, so the event store itself enforces uniqueness."""
    return uuid5(ID_NAMESPACE, f"{kind}/{key}")


@dataclass(frozen=True)
class Stamp:
    """Who recorded an event, under which role, for which date, citing what."""

    effective_date: str
    actor: str
    role: str
    evidence: str | None = None
    person: str | None = None  # the person an actor recorded for (backfilling)

    def envelope(self) -> dict[str, Any]:
        return {
            "effective_date": self.effective_date,
            "actor": self.actor,
            "role": self.role,
            "evidence": self.evidence,
            "person": self.person,
        }


class LedgerAggregate(Aggregate):
    """Keeps its facts and the state folded from them."""

    class Event(Aggregate.Event):
        effective_date: str
        actor: str
        role: str
        evidence: str | None
        person: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            aggregate._absorb(fact_from_event(self))

    class Retracted(Event):
        """A correction naming an earlier event of the same aggregate; each aggregate
        subclasses it with its own explicit topic."""

        target_version: int
        target_id: int | None  # the notification id, when the target was already stored
        target_type: str
        reason: str

    def __init__(self) -> None:
        self._facts: list[Fact] = []
        self._latest_date = ""
        self._state: Any = None

    def _absorb(self, fact: Fact) -> None:
        self._facts.append(fact)
        # A backfilled fact or a retraction changes the past: fold again from the start.
        if fact.type.endswith(".retracted") or fact.effective_date < self._latest_date:
            self._state = fold(self._facts)
        else:
            self._state = apply_fact(self._state, fact)
        self._latest_date = max(self._latest_date, fact.effective_date)

    def record(self, event_class: type[Aggregate.Event], stamp: Stamp, **data: Any) -> None:
        self.check_not_before_creation(stamp.effective_date)
        self.trigger_event(event_class, **stamp.envelope(), **data)

    @property
    def state(self) -> Any:
        """The state folded from this aggregate's facts (typed by each subclass)."""
        return self._state

    @property
    def facts(self) -> list[Fact]:
        return list(self._facts)

    @property
    def created_date(self) -> str:
        return self._facts[0].effective_date

    def check_not_before_creation(self, on: str) -> None:
        if on < self.created_date:
            raise RuleViolation(f"{on} is before this record began ({self.created_date})")

    # Corrections: the original stays in the log, every fold skips it.
    def retract(self, version: int, target_id: int | None, reason: str, stamp: Stamp) -> None:
        target = self.check_retractable(version)
        self.trigger_event(
            self.Retracted,  # type: ignore[attr-defined]
            **stamp.envelope(),
            target_version=version,
            target_id=target_id,
            target_type=target.type,
            reason=reason,
        )

    def check_retractable(self, version: int) -> Fact:
        by_version = {f.version: f for f in self._facts}
        target = by_version.get(version)
        if target is None:
            raise NotFound(f"no event version {version} in this record")
        if version == 1:
            raise RuleViolation(
                "the event that began this record cannot be retracted; record a correction instead"
            )
        if target.type.endswith(".retracted"):
            raise RuleViolation("a retraction cannot itself be retracted")
        if target not in live_facts(self._facts):
            raise RuleViolation("that event is already retracted")
        return target
