"""The event store: eventsourcing's application, opened on a SQLite file or a PostgreSQL
URL. Reading a ledger needs only this module; deciding and recording live elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

from eventsourcing.application import Application
from eventsourcing.persistence import PersistenceError

from dcledger.ledger.errors import InvalidInput, LedgerUnavailable
from dcledger.ledger.storage import APP_NAME, Location, probe_postgres


class DcLedgerApp(Application):
    name = APP_NAME


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
    if location.is_postgres:
        probe_postgres(location)
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


def load_event_classes() -> None:
    """Decoding stored events needs their classes (their explicit topics are registered
    when the aggregates are defined): imported once, when there is something to decode."""
    import dcledger.ledger.aggregates  # noqa: F401
