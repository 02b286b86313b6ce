"""The application service: runs commands in a unit of work, retries conflicts, saves once."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError

from dcledger.ledger import policy
from dcledger.ledger.aggregates import LedgerAggregate
from dcledger.ledger.errors import InvalidInput, LedgerError, LedgerUnavailable
from dcledger.ledger.facts import fact_from_event
from dcledger.ledger.rules.situation import FactIndex, FactSource, Situation
from dcledger.ledger.rules.validation import decide
from dcledger.ledger.storage import APP_NAME, Location

A = TypeVar("A", bound=LedgerAggregate)


class DcLedgerApp(Application):
    name = APP_NAME


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
        self._touched: dict[UUID, LedgerAggregate] = {}  # found or added: may decide
        self._settled: dict[UUID, int] = {}
        # Events in the order they were decided, so the log keeps the commands' order.
        self.decided: list[Any] = []
        self.labels: dict[str, Any] = {}  # import labels -> the last event of their line

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        if aggregate_id not in self._loaded:
            try:
                self._loaded[aggregate_id] = self.app.repository.get(aggregate_id)
            except AggregateNotFoundError:
                self._loaded[aggregate_id] = None
        found = self._loaded[aggregate_id]
        if found is not None and not isinstance(found, cls):
            raise InvalidInput(f"record {aggregate_id} is a {type(found).__name__}")
        if found is not None:
            self._touched[aggregate_id] = found
        return found

    def add(self, aggregate: LedgerAggregate) -> None:
        self._loaded[aggregate.id] = aggregate
        self._touched[aggregate.id] = aggregate

    def pending(self) -> list[LedgerAggregate]:
        return [a for a in self._loaded.values() if a is not None and a.pending_events]

    def notification(self, event_id: int) -> Any | None:
        """The stored notification with this id, or None."""
        if not 0 < event_id < 2**63:
            return None
        found = self.app.recorder.select_notifications(start=event_id, limit=1)
        return found[0] if found and found[0].id == event_id else None

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
        new = []
        for aggregate in self._touched.values():
            seen = self._settled.get(aggregate.id, 0)
            first = len(aggregate.facts) - len(aggregate.pending_events)
            for i, event in enumerate(aggregate.pending_events[seen:], first + seen):
                new.append((aggregate.decided_order(i), event))
            self._settled[aggregate.id] = len(aggregate.pending_events)
        new.sort(key=lambda pair: pair[0])
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


@dataclass(frozen=True)
class Invocation:
    """One command as a user or an import line gives it."""

    name: str
    actor: str | None
    args: dict[str, Any] = field(default_factory=dict)
    on: str | None = None
    evidence: str | None = None
    person: str | None = None
    line: int | None = None
    label: str | None = None  # an import line's name, for a later `retract @label`


@dataclass(frozen=True)
class Outcome:
    results: list[dict[str, Any]]
    events: list[tuple[int, str]]  # (event id, topic)


def today() -> date:
    return datetime.now(UTC).date()


def parse_date(text: str | date | None, what: str = "date") -> str:
    if text is None:
        return today().isoformat()
    if isinstance(text, date):
        return text.isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(f"{what} '{text}' is not a date (YYYY-MM-DD)") from None


def open_app(location: Location, *, creating: bool = False) -> DcLedgerApp:
    """Open a ledger; only a command that starts one creates tables, so processes opening
    a ledger at the same moment never race on schema changes."""
    location.check_sqlite(creating=creating)
    env = location.env() | {"CREATE_TABLE": "y" if creating else "n"}
    try:
        app = DcLedgerApp(env=env)
        if not creating:
            app.recorder.max_notification_id()  # fails when there is no events table
        return app
    except PersistenceError as e:
        if not creating and "does not exist" in str(e):
            raise LedgerUnavailable(
                f"no ledger at {location.describe()}; create one with 'dcledger init'"
            ) from None
        raise LedgerUnavailable(f"cannot open the ledger at {location.describe()}: {e}") from None
    except OSError as e:
        raise LedgerUnavailable(f"cannot open the ledger at {location.describe()}: {e}") from None
    except Exception as e:  # driver errors (psycopg, pool timeouts) differ per backend
        if type(e).__module__.split(".")[0] in ("psycopg", "psycopg_pool"):
            raise LedgerUnavailable(
                f"cannot reach the ledger at {location.describe()}: {str(e).splitlines()[0]}"
            ) from None
        raise


Runner = Callable[[UnitOfWork, Invocation], dict[str, Any]]


def run_invocations(
    app: DcLedgerApp,
    invocations: Iterable[Invocation],
    runner: Runner,
    source: Callable[[], FactSource],
    on_progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Run every invocation in one unit of work: all are saved, or none is.

    A version conflict (another process saved the same aggregate first) makes every
    invocation run again from the start on fresh state. A lock held past the lock
    time-out is an error: the driver has already waited that long.
    """
    invocations = list(invocations)
    for attempt in range(policy.COMMAND_ATTEMPTS):
        uow = UnitOfWork(app, source)
        results = []
        for done, invocation in enumerate(invocations, 1):
            try:
                results.append(runner(uow, invocation))
                decided = uow.settle()
                if invocation.label:
                    if not decided:
                        raise InvalidInput(f"label '{invocation.label}' names no event")
                    uow.labels[invocation.label] = decided[-1]
            except LedgerError as e:
                if invocation.line is not None:
                    e.args = (f"line {invocation.line}: {e}",)
                raise
            if on_progress:
                on_progress(done)
        try:
            return Outcome(results, uow.commit())
        except IntegrityError:
            # Someone saved the same aggregate first: decide again on fresh state.
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
