"""Facts: the plain, storage-neutral form of an event that every fold reads.

An aggregate turns its own events into facts to decide; the projection turns stored
notifications into the same facts to build read models; time-travel queries filter facts
by effective date and recorded time. One shape, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dcledger.ledger import dates

# Attributes every ledger event carries; everything else is the event's own data.
ENVELOPE = ("effective_date", "actor", "role", "evidence", "person")
LIBRARY_FIELDS = ("originator_id", "originator_version", "timestamp", "originator_topic")


@dataclass(frozen=True, slots=True)
class Fact:
    aggregate_id: str  # the originating aggregate's id (hex)
    version: int  # position within the aggregate
    type: str  # e.g. "coalition.recognized"
    effective_date: str  # ISO date the thing happened
    recorded_at: str  # ISO timestamp it was written
    actor: str
    role: str
    data: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None
    person: str | None = None
    id: int | None = None  # notification id, once stored
    # Recording order across the whole log: the notification id once stored, a number
    # above every stored id while the fact is still pending in a unit of work.
    seq: int = 0

    def __post_init__(self) -> None:
        if not self.seq and self.id is not None:  # a stored fact: its place is its id
            object.__setattr__(self, "seq", self.id)

    @property
    def day(self) -> date:
        """The effective date as a date, for the folded state and the rules."""
        return dates.day(self.effective_date)

    @property
    def kind(self) -> str:
        return self.type.split(".", 1)[0]

    @property
    def is_retraction(self) -> bool:
        return self.type.endswith(".retracted")

    @property
    def key(self) -> tuple[str, int]:
        """The fact's place in the history: effective date, then recording order. Every
        rule is checked against the facts placed before it."""
        return (self.effective_date, self.seq)

    def at(self, seq: int) -> Fact:
        # Every decided fact is placed once; dataclasses.replace costs five times this.
        f = self
        return Fact(
            f.aggregate_id, f.version, f.type, f.effective_date, f.recorded_at, f.actor,
            f.role, f.data, f.evidence, f.person, f.id, seq,
        )  # fmt: skip

    @property
    def order(self) -> tuple[str, int]:
        # Within an aggregate versions follow recording order, so this sorts by effective
        # date and breaks ties by the order things were written.
        return (self.effective_date, self.version)


def type_of_topic(topic: str) -> str:
    """`dcledger:coalition.recognized:v1` -> `coalition.recognized`."""
    return topic.split(":")[1]


def fact_from_event(event: Any, notification_id: int | None = None) -> Fact:
    values = dict(vars(event))
    data = {k: v for k, v in values.items() if k not in ENVELOPE and k not in LIBRARY_FIELDS}
    return Fact(
        aggregate_id=event.originator_id.hex,
        version=event.originator_version,
        type=type_of_topic(type(event).TOPIC),
        effective_date=values["effective_date"],
        recorded_at=event.timestamp.isoformat(timespec="microseconds"),
        actor=values["actor"],
        role=values["role"],
        evidence=values.get("evidence"),
        person=values.get("person"),
        data=data,
        id=notification_id,
        seq=notification_id or 0,
    )


# Records whose beginning may be retracted, and the event that begins such a record again
# afterwards (its id is fixed by a date or a year, so it cannot start as a new record).
BEGINS_AGAIN = {
    "charter.adopted_again": "charter.adopted",
    "dccg.meeting_held_again": "dccg.meeting_held",
    "review.members_reviewed_again": "review.members_reviewed",
}


def beginnings(first: str) -> tuple[str, ...]:
    """The event that begins a record, and the one that begins it again, if any."""
    return (first, *(again for again, begun in BEGINS_AGAIN.items() if begun == first))


def named(fact: Fact) -> set[str]:
    """The persons a fact names: who recorded it, for whom, and whom it is about."""
    data = fact.data
    return {h for h in (fact.actor, fact.person, data.get("handle"), data.get("by")) if h}


def retracted_versions(facts: list[Fact]) -> set[int]:
    return {f.data["target_version"] for f in facts if f.type.endswith(".retracted")}


def live_facts(facts: list[Fact]) -> list[Fact]:
    """The facts of one aggregate that still count, in effective-date order."""
    gone = retracted_versions(facts)
    kept = [f for f in facts if f.version not in gone and not f.type.endswith(".retracted")]
    return sorted(kept, key=lambda f: f.order)
