"""The base of every dcledger aggregate: events carry an envelope, state is a fold.

Aggregates decide nothing: a command builds the events, and the rule layer
(`dcledger.ledger.rules`) checks each one against the state as of its effective date
before anything is saved. An aggregate keeps its facts, for its version and its fold.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate, ProgrammingError
from eventsourcing.utils import register_topic

from dcledger.ledger.facts import Fact, fact_from_event
from dcledger.ledger.ids import stable_id
from dcledger.ledger.state import fold

__all__ = ["DeclaredEvent", "Envelope", "LedgerAggregate", "define_event", "stable_id"]

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


# Each declared event's topic -> (its aggregate class, its name there), until defined.
DECLARED: dict[str, tuple[type, str]] = {}
DEFINING = threading.RLock()


class Declared(type):
    """The kind of an event declared in an aggregate's body and defined on first use.

    eventsourcing makes every event class a frozen dataclass, about 1 ms each, and a
    command records one or two of an aggregate's twenty events: declaring the others
    costs start-up nothing. `Coalition.MemberJoined`, read the first time, defines the
    event as a subclass of `Coalition.Event` (with the declaration's topic and fields)
    and puts it in the declaration's place."""

    def __set_name__(cls, owner: type, name: str) -> None:
        if cls.TOPIC in DECLARED:  # as eventsourcing refuses a topic registered twice
            raise ProgrammingError(f"Explicit topic '{cls.TOPIC}' is declared twice")
        DECLARED[cls.TOPIC] = (owner, name)

    def __get__(cls, instance: Any, owner: type) -> type:
        return define_event(owner, cls.__name__)


class DeclaredEvent(metaclass=Declared):
    """The base of an event declaration: its TOPIC and annotated fields (see Declared)."""

    TOPIC: str


def define_event(owner: Any, name: str) -> type:
    """The event class `name` of aggregate `owner`, defined now if only declared."""
    with DEFINING:  # two threads must not both define (and register) one event
        declared = vars(owner)[name]
        if not isinstance(declared, Declared):
            return declared
        namespace = {
            k: v for k, v in vars(declared).items() if k not in ("__dict__", "__weakref__")
        }
        namespace |= {
            "__qualname__": f"{owner.__qualname__}.{name}",
            "__module__": owner.__module__,
        }
        event = type(owner.Event)(name, (owner.Event,), namespace)
        register_topic(event.TOPIC, event)
        setattr(owner, name, event)
        return event


class LedgerAggregate(Aggregate):
    """Keeps its facts; its state is their fold, computed when asked for."""

    class Event(Aggregate.Event):
        """Each aggregate subclasses this as its own `Event` and derives its events from
        that: eventsourcing redefines every event that is not a subclass of its
        aggregate's `Event`, which made start-up build each event class twice."""

        effective_date: str
        actor: str
        role: str
        evidence: str | None
        person: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            aggregate._facts.append(fact_from_event(self))  # after the stored ones, if read
            order = next(DECISIONS)
            aggregate._decided.append(order)
            aggregate._state = None
            if aggregate._listener is not None:
                aggregate._listener(order, self)

    class Retracted(Event):
        """A correction naming an earlier event of the same aggregate; each aggregate
        subclasses it with its own explicit topic."""

        target_version: int
        target_id: int | None  # the notification id, when the target was already stored
        target_type: str
        reason: str

    def __init__(self) -> None:
        self._facts: list[Fact] = []
        # A resumed aggregate reads its stored facts only when a command asks for them.
        self._stored_facts: Callable[[], list[Fact]] | None = None
        self._decided: list[int] = []
        self._state: Any = None
        # Told of each event decided from now on (set by the unit of work that loaded it).
        self._listener: Callable[[int, Any], None] | None = None

    @classmethod
    def resumed(cls, first: Any, latest: Any, stored_facts: Callable[[], list[Fact]]) -> Any:
        """The aggregate at its latest version, built from its first and latest events
        instead of replaying them all: appending needs only the version."""
        aggregate = cls.__new__(cls)
        aggregate.__base_init__(latest.originator_id, latest.originator_version, first.timestamp)
        aggregate._modified_on = latest.timestamp
        LedgerAggregate.__init__(aggregate)
        aggregate._stored_facts = stored_facts
        return aggregate

    def _known_facts(self) -> list[Fact]:
        if self._stored_facts is not None:
            self._facts[:0] = self._stored_facts()
            self._stored_facts = None
        return self._facts

    def record(self, event_class: type[Aggregate.Event], envelope: Envelope, **data: Any) -> None:
        self.trigger_event(event_class, **envelope.fields(), **data)

    @property
    def state(self) -> Any:
        """The state folded from every fact of this aggregate (typed by each subclass)."""
        if self._state is None:
            self._state = fold(self._known_facts())
        return self._state

    @property
    def facts(self) -> list[Fact]:
        return list(self._known_facts())

    def listen(self, listener: Callable[[int, Any], None]) -> list[tuple[int, Any]]:
        """Tell `listener` of every event decided from now on; return the pending events
        decided so far, each with its place in the decision order."""
        self._listener = listener
        pending = list(self.pending_events)
        return list(zip(self._decided[len(self._decided) - len(pending) :], pending, strict=True))

    def fact(self, version: int) -> Fact | None:
        return next((f for f in self._known_facts() if f.version == version), None)

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
