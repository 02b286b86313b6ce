"""The event store: eventsourcing's application, opened on a SQLite file or a PostgreSQL
URL. Reading a ledger needs only this module; deciding and recording live elsewhere."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, Notification, PersistenceError

from dcledger.ledger.aggregates import load_for_topic
from dcledger.ledger.dates import today, user_date
from dcledger.ledger.errors import LedgerUnavailable
from dcledger.ledger.facts import Fact, fact_from_event
from dcledger.ledger.storage import APP_NAME, Location, probe_postgres
from dcledger.ledger.stored_facts import fact_from_stored
from dcledger.ledger.vocabulary import EVENT_TOPICS


class TopicDefiningMapper(Mapper):
    """Decodes a stored event after defining its class: most event classes are defined
    on first use (aggregates.base.Declared), and every reader, eventsourcing's own
    repository included, decodes through the mapper."""

    defined: set[str] = set()  # topics whose class exists: a long record repeats a few

    def to_domain_event(self, stored: Any) -> Any:
        if stored.topic not in self.defined:
            load_for_topic(stored.topic)
            self.defined.add(stored.topic)
        return super().to_domain_event(stored)


class DcLedgerApp(Application):
    name = APP_NAME

    def construct_mapper(self) -> Mapper:
        return self.factory.mapper(self.construct_transcoder(), TopicDefiningMapper)


def parse_date(text: str | date | None, what: str = "date") -> str:
    if text is None:
        return today().isoformat()
    if isinstance(text, date):
        return text.isoformat()
    return user_date(text, what).isoformat()


def open_app(location: Location, *, creating: bool = False) -> DcLedgerApp:
    """Open a ledger; only a command that starts one creates tables, so processes opening
    a ledger at the same moment never race on schema changes."""
    location.check_sqlite(creating=creating)
    if location.is_postgres:
        probe_postgres(location)
    env = location.env() | {"CREATE_TABLE": "y" if creating else "n"}
    try:
        app = DcLedgerApp(env=env)
        if not creating:
            app.recorder.max_notification_id()  # fails when there is no events table
        return app
    except PersistenceError as e:
        if "lock" in str(e).lower():  # the driver waited the lock time-out
            raise LedgerUnavailable(
                f"the ledger at {location.describe()} is locked by another process; try again"
            ) from None
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


def load_event_classes() -> None:
    """Decoding any stored event needs its class (explicit topics are registered when the
    aggregates are defined): every aggregate, when a whole log may need decoding."""
    from dcledger.ledger.aggregates import load_all

    load_all()


def known_topic(topic: str) -> bool:
    """Whether a stored topic names one of this product's events: answered from the
    vocabulary, which a test keeps equal to the event classes' topics, so reading the log
    defines no event class."""
    return topic in EVENT_TOPICS


class EventLog:
    """The one way the rest of the product reads the recorder: the log in order, as
    stored notifications or decoded facts, and its head."""

    def __init__(self, app: DcLedgerApp):
        self.app = app

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def notifications(self, start: int, limit: int, stop: int | None = None) -> list[Any]:
        return self.app.recorder.select_notifications(start=start, limit=limit, stop=stop)

    def notification(self, event_id: int) -> Any | None:
        """The stored notification with this id, or None."""
        if not 0 < event_id < 2**63:
            return None
        found = self.notifications(event_id, 1)
        return found[0] if found and found[0].id == event_id else None

    def facts(self, notifications: list[Any]) -> list[Fact]:
        """Facts read from the stored JSON; an event the fast path does not take is
        decoded by the library (its classes are then loaded)."""
        facts = []
        for n in notifications:
            fact = fact_from_stored(n, n.id) if known_topic(n.topic) else None
            if fact is None:  # the library decodes it, or names what is wrong with it
                load_event_classes()
                fact = fact_from_event(self.app.mapper.to_domain_event(n), n.id)
            facts.append(fact)
        return facts

    def ends(self, aggregate_id: UUID) -> tuple[Any, Any] | None:
        """An aggregate's first and latest events, decoded, or None when it has none:
        enough to append to it without replaying its history."""
        recorder = self.app.recorder
        first = recorder.select_events(aggregate_id, limit=1)
        if not first:
            return None
        latest = recorder.select_events(aggregate_id, desc=True, limit=1)
        return self.decoded(first[0]), self.decoded(latest[0])

    def aggregate_facts(self, aggregate_id: UUID, up_to_version: int) -> list[Fact]:
        """An aggregate's facts as stored (contact details included), oldest first."""
        stored = self.app.recorder.select_events(aggregate_id, lte=up_to_version)
        return [fact_from_event(self.decoded(s)) for s in stored]

    def decoded(self, stored: Any) -> Any:
        """A stored event as its domain event (the mapper defines its class alone)."""
        return self.app.mapper.to_domain_event(stored)

    def all_facts(self, batch: int = 2000) -> list[Fact]:
        """Every fact, straight from the event store (for audits, not from a read model):
        its rows read in one snapshot, without the library building a notification and a
        UUID for each."""
        facts: list[Fact] = []
        with self.app.recorder.reading() as db:
            start = 1
            while rows := db.events(start, batch):
                facts += self.facts([as_notification(row) for row in rows])
                start = rows[-1].id + 1
        return facts


def as_notification(row: Any) -> Notification:
    """A stored row as the notification the library would make of it, its originator left
    as the text it is stored as (`fact_from_stored` and the library's mapper take it)."""
    return Notification(
        id=row.id,
        originator_id=row.record,
        originator_version=row.version,
        topic=row.topic,
        state=row.state,
    )
