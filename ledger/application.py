"""The application service: runs commands in a unit of work, retries conflicts, saves once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError
from eventsourcing.utils import resolve_topic

from dcledger.ledger import policy
from dcledger.ledger.aggregates import LedgerAggregate
from dcledger.ledger.errors import InvalidInput, LedgerError, LedgerUnavailable
from dcledger.ledger.event_store import DcLedgerApp, EventLog, open_app, parse_date, today
from dcledger.ledger.facts import fact_from_event, type_of_topic
from dcledger.ledger.invocation import Invocation, Outcome
from dcledger.ledger.limits import checked_invocations
from dcledger.ledger.rules.checks.base import check_signer
from dcledger.ledger.rules.situation import FactIndex, FactSource, Situation
from dcledger.ledger.rules.validation import decide

__all__ = [
    "DcLedgerApp",
    "Invocation",
    "Outcome",
    "UnitOfWork",
    "open_app",
    "parse_date",
    "run_invocations",
    "today",
]

A = TypeVar("A", bound=LedgerAggregate)


class UnitOfWork:
    """Aggregates loaded for one command (or one whole import), saved together.

    Every event a command decides is checked by the rule layer at its place in the
    history as it is settled; a refusal discards the whole unit of work.
    """

    def __init__(self, app: DcLedgerApp, source: Callable[[], FactSource]):
        self.app = app
        self._source = source
        self._index: FactIndex | None = None
        self._loaded: dict[UUID, LedgerAggregate | None] = {}
        self._new: list[tuple[int, Any]] = []  # (decision order, event) since the last settle
        # Events in the order they were decided, so the log keeps the commands' order.
        self.decided: list[Any] = []
        self.labels: dict[str, Any] = {}  # import labels -> the principal event of their line

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        if aggregate_id not in self._loaded:
            self._loaded[aggregate_id] = self._resume(aggregate_id)
        found = self._loaded[aggregate_id]
        if found is not None and not isinstance(found, cls):
            raise InvalidInput(f"record {aggregate_id} is a {type(found).__name__}")
        if found is not None and found._listener is None:
            self._new += found.listen(self._note)
        return found

    def _resume(self, aggregate_id: UUID) -> LedgerAggregate | None:
        """The stored aggregate, without replaying its history (a long one costs no more
        to append to than a short one)."""
        log = EventLog(self.app)
        ends = log.ends(aggregate_id)
        if ends is None:
            return None
        first, latest = ends
        kind = resolve_topic(first.originator_topic)
        return kind.resumed(
            first, latest, lambda: log.aggregate_facts(aggregate_id, latest.originator_version)
        )

    def add(self, aggregate: LedgerAggregate) -> None:
        self._loaded[aggregate.id] = aggregate
        self._new += aggregate.listen(self._note)

    def _note(self, order: int, event: Any) -> None:
        self._new.append((order, event))

    def pending(self) -> list[LedgerAggregate]:
        return [a for a in self._loaded.values() if a is not None and a.pending_events]

    def notification(self, event_id: int) -> Any | None:
        """The stored notification with this id, or None."""
        return EventLog(self.app).notification(event_id)

    @property
    def index(self) -> FactIndex:
        """The facts this unit of work decides against: the log, caught up, and its own."""
        if self._index is None:
            self._index = FactIndex(self._source())
        return self._index

    def situation(self, on: str) -> Situation:
        """The ledger on `on`, with everything decided so far placed before it."""
        self.settle()
        index = self.index
        return index.situation((on, FactIndex.PENDING_BASE + len(index.pending)), on)

    def settle(self) -> list[Any]:
        """Check the events decided since the last call, in the order they were decided,
        and append them to the decision order."""
        new, self._new = sorted(self._new, key=lambda pair: pair[0]), []
        events = [event for _, event in new]
        if events:
            decide(self.index, [fact_from_event(event) for event in events])
        self.decided += events
        return events

    def commit(self) -> list[tuple[int, str]]:
        self.settle()
        if not self.decided:
            return []
        recordings = self.app.save(*self.decided)
        return [(r.notification.id, r.notification.topic) for r in recordings]


Runner = Callable[[UnitOfWork, Invocation], dict[str, Any]]

# Recorded on the way by other commands: founders registered with a recognition, a key
# made with a registration. A label names the line's own decision, not these.
ON_THE_WAY = ("person.registered", "person.key_added")


def principal_event(command: str, decided: list[Any]) -> Any:
    """The event an import line's label names: a person's or the ledger's own command's
    first event; otherwise its last that was not recorded on the way (a recognition, not
    the founders it registers; a member review, not the changes it makes)."""
    if command.startswith(("person ", "init")):
        return decided[0]
    own = [e for e in decided if type_of_topic(type(e).TOPIC) not in ON_THE_WAY]
    return own[-1] if own else decided[-1]


class SelfConflict(RuntimeError):
    """A command whose decision collides with a stored record however often it is made
    again: a rule the decision missed, not contention (reported as an internal error)."""


def run_invocations(
    app: DcLedgerApp,
    invocations: Iterable[Invocation],
    runner: Runner,
    source: Callable[[], FactSource],
    on_progress: Callable[[int], None] | None = None,
    signer: str | None = None,
) -> Outcome:
    """Run every invocation in one unit of work: all are saved, or none is.

    A version conflict (another process saved the same aggregate first) makes every
    invocation run again from the start on fresh state; the same conflict again with
    nothing new in the log is no contention but a bug (SelfConflict), raised at once. A
    lock held past the lock time-out is an error: the driver has already waited that long.
    `signer` runs the commands and signs them (see check_signer)."""
    invocations = checked_invocations(invocations)
    conflicted_at: int | None = None
    for attempt in range(policy.COMMAND_ATTEMPTS):
        uow = UnitOfWork(app, source)
        results = [decide_one(uow, i, runner, signer) for i in progress(invocations, on_progress)]
        try:
            return Outcome(results, uow.commit())
        except IntegrityError as e:
            head = EventLog(app).head()
            if head == conflicted_at:
                raise SelfConflict(
                    "the command collides with a stored record however often it is decided"
                ) from e
            conflicted_at = head
            time.sleep(policy.RETRY_PAUSE_SECONDS * (attempt + 1))
        except OperationalError as e:
            if "lock" in str(e).lower():  # the driver already waited the lock time-out
                raise LedgerUnavailable(
                    "the ledger is locked by another process; nothing was recorded, try again"
                ) from None
            raise LedgerUnavailable(f"the ledger could not be written: {e}") from None
        except PersistenceError as e:
            raise LedgerUnavailable(f"the ledger could not be written: {e}") from None
    raise LedgerUnavailable("the ledger stayed busy; nothing was recorded, try again")


def progress(
    invocations: list[Invocation], on_progress: Callable[[int], None] | None
) -> Iterable[Invocation]:
    for done, invocation in enumerate(invocations, 1):
        yield invocation
        if on_progress:
            on_progress(done)


def decide_one(
    uow: UnitOfWork, invocation: Invocation, runner: Runner, signer: str | None = None
) -> dict[str, Any]:
    """Run one invocation and check what it decided; an import's error names its line."""
    try:
        if signer is not None and invocation.actor not in (None, signer):
            on = parse_date(invocation.on, "--on")
            check_signer(uow.situation(on), invocation.actor, signer)
        result = runner(uow, invocation)
        decided = uow.settle()
        if decided and invocation.line is not None:  # a later line's error can name it
            for fact in uow.index.pending[-len(decided) :]:
                uow.index.lines[fact.seq] = invocation.line
        if invocation.label:
            if not decided:
                raise InvalidInput(f"label '{invocation.label}' names no event")
            uow.labels[invocation.label] = principal_event(invocation.name, decided)
        return result
    except LedgerError as e:
        if invocation.line is not None:
            e.args = (f"line {invocation.line}: {e}",)
        raise
