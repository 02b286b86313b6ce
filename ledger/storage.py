"""Where a ledger lives: a SQLite file or a PostgreSQL URL, mapped onto eventsourcing."""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from dcledger.ledger import policy
from dcledger.ledger.errors import LedgerUnavailable

APP_NAME = "dcledger"
SQLITE_EVENTS_TABLE = "stored_events"
# Recorders that sign and hash each append in its own transaction (ledger/integrity).
RECORDERS = "dcledger.ledger.integrity.recorders:"
PG_RECORDER = "dcledger.ledger.integrity.postgres_recorder:PostgresIntegrityRecorder"
EVENT_COLUMNS = ("originator_id", "originator_version", "topic", "state")


def lock_timeout() -> float:
    """Seconds a writer waits for another one; DCLEDGER_LOCK_TIMEOUT overrides the policy."""
    try:
        seconds = float(os.environ.get("DCLEDGER_LOCK_TIMEOUT", policy.SQLITE_LOCK_TIMEOUT_SECONDS))
    except ValueError:
        return policy.SQLITE_LOCK_TIMEOUT_SECONDS
    return seconds if seconds > 0 else policy.SQLITE_LOCK_TIMEOUT_SECONDS


def whole_seconds(seconds: float) -> str:
    """The event store takes whole seconds (and 0 would mean: wait for ever)."""
    return str(max(1, math.ceil(seconds)))


@dataclass(frozen=True)
class Location:
    text: str

    @property
    def is_postgres(self) -> bool:
        return self.text.startswith(("postgresql://", "postgres://"))

    @property
    def path(self) -> Path:
        return Path(self.text)

    def env(self) -> dict[str, str]:
        if not self.is_postgres:
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "APPLICATION_RECORDER_TOPIC": RECORDERS + "SQLiteIntegrityRecorder",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": whole_seconds(lock_timeout()),
            }
        url = urlparse(self.text)
        query = parse_qs(url.query)
        for option in sorted(set(query) - {"schema"}):
            # Ignoring one would be worse than refusing it: sslmode=require would connect
            # without TLS and say nothing. libpq reads its own settings from PG* variables.
            raise LedgerUnavailable(
                f"the PostgreSQL URL option '{option}' is not supported: the URL takes "
                f"?schema=NAME only; set libpq's variables (PGSSLMODE, ...) instead"
            )
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": PG_RECORDER,
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "localhost",
            "POSTGRES_PORT": str(self.port() or 5432),
            "POSTGRES_USER": unquote(url.username or os.environ.get("USER", "postgres")),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": whole_seconds(lock_timeout()),
            # A command opens one connection; the pool adds one only while it needs two
            # at once (eventsourcing's overflow), instead of starting two every time.
            "POSTGRES_POOL_SIZE": "1",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env

    def port(self) -> int | None:
        try:
            return urlparse(self.text).port
        except ValueError:
            raise LedgerUnavailable(
                "the port in the PostgreSQL URL must be a number from 1 to 65535"
            ) from None

    def default_views_path(self) -> Path:
        """Read models live in a SQLite file: beside a SQLite ledger, or per URL in the
        user's data folder for a PostgreSQL ledger (override with --views)."""
        if not self.is_postgres:
            return self.path.with_name(self.path.stem + ".views.db")
        digest = hashlib.sha256(self.text.encode()).hexdigest()[:16]
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return base / "dcledger" / f"views-{digest}.db"

    def describe(self) -> str:
        if not self.is_postgres:
            return str(self.path)
        url = urlparse(self.text)  # shown without user name or password
        port = self.port()
        host = f"{url.hostname or ''}:{port}" if port else (url.hostname or "")
        return url._replace(netloc=host).geturl()

    def check_sqlite(self, *, creating: bool) -> None:
        """Refuse, before eventsourcing creates anything, a file that is not a ledger."""
        if self.is_postgres:
            return
        path = self.path
        if not path.exists():
            if creating:
                if not path.parent.exists():
                    raise LedgerUnavailable(f"folder {path.parent} does not exist")
                return
            raise LedgerUnavailable(f"no ledger at {path}; create one with 'dcledger init'")
        if path.is_dir():
            raise LedgerUnavailable(f"{path} is a folder, not a ledger file")
        if not path.is_file():  # a FIFO or a device: SQLite would block or read forever
            raise LedgerUnavailable(f"{path} is not a regular file, so not a ledger")
        columns = read_only_columns(path)
        if columns is None or (not columns and not creating):
            raise LedgerUnavailable(f"{path} is not a dcledger ledger")
        if columns and columns.get(SQLITE_EVENTS_TABLE) != EVENT_COLUMNS:
            raise LedgerUnavailable(f"{path} is not a dcledger ledger")


def read_only_columns(path: Path) -> dict[str, tuple[str, ...]] | None:
    """Each table's column names, read without writing a byte (mode=ro, so no journal
    or WAL change); None for a file SQLite cannot read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            return {
                name: tuple(r[1] for r in conn.execute(f"PRAGMA table_info([{name}])"))
                for name in names
            }
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return None


def sqlite_log_end(path: Path, position: int) -> tuple[int, tuple[str, int] | None] | None:
    """A SQLite ledger's head (its last event's id) and the record and version of its
    event at `position`, read with sqlite3 alone and without writing a byte: a command
    whose read models are at the head need not load the event store. None when the file
    cannot be read so (the event store then opens it, and says why)."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            head = conn.execute(f"SELECT MAX(rowid) FROM {SQLITE_EVENTS_TABLE}").fetchone()[0]
            event = conn.execute(
                f"SELECT originator_id, originator_version FROM {SQLITE_EVENTS_TABLE} "
                "WHERE rowid = ?",
                [position],
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return head or 0, (event[0], event[1]) if event else None


USER_PGOPTIONS = os.environ.get("PGOPTIONS", "")


def bound_lock_waits() -> None:
    """Every PostgreSQL session of this process, reads included, waits for a lock at most
    the lock time-out: eventsourcing sets it only inside its own writes, and libpq reads
    PGOPTIONS when it connects."""
    limit = f"-c lock_timeout={round(lock_timeout() * 1000)}"
    os.environ["PGOPTIONS"] = f"{USER_PGOPTIONS} {limit}".strip()


def probe_postgres(location: Location) -> None:
    """Connect once, directly, so a failure names its cause (the connection pool would
    only say it got no connection in time)."""
    bound_lock_waits()
    try:
        import psycopg
    except ImportError:
        raise LedgerUnavailable(
            "a PostgreSQL ledger needs the PostgreSQL driver: "
            "pip install 'dcledger[postgres]' (from a checkout: pip install -e '.[postgres]')"
        ) from None

    env = location.env()
    try:
        with psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]),
        ) as probe:
            check_not_locked(probe, location, env.get("POSTGRES_SCHEMA"))
    except psycopg.Error as e:
        raise LedgerUnavailable(
            f"cannot reach the ledger at {location.describe()}: {postgres_cause(e, env)}"
        ) from None


def check_not_locked(conn: Any, location: Location, schema: str | None) -> None:
    """Read the events table once, waiting for a lock at most the lock time-out (the
    session's, see bound_lock_waits). A ledger locked against reading (a migration, a
    VACUUM FULL) is then said to be locked after one wait: eventsourcing retries each of
    its reads ten times, and each retry would wait as long again."""
    from psycopg import errors, sql

    name = f"{APP_NAME}_events"
    table = sql.Identifier(schema, name) if schema else sql.Identifier(name)
    try:
        conn.execute(sql.SQL("SELECT 1 FROM {} LIMIT 0").format(table))
    except errors.LockNotAvailable:
        raise LedgerUnavailable(
            f"the ledger at {location.describe()} is locked by another process "
            f"(waited {lock_timeout():g} s); try again"
        ) from None
    except (errors.UndefinedTable, errors.InvalidSchemaName):
        pass  # no ledger yet: `init` makes one, any other command says there is none


def postgres_cause(error: Exception, env: dict[str, str]) -> str:
    text = str(error)
    where = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    causes = [
        ("refused", f"nothing accepts connections at {where} (wrong port, or no server)"),
        ("database", f"the server has no database '{env['POSTGRES_DBNAME']}' (wrong database)"),
        ("role", f"the server has no role '{env['POSTGRES_USER']}' (wrong role or user name)"),
        ("password", f"the server refused the password of role '{env['POSTGRES_USER']}'"),
        ("resolve host", f"the host name '{env['POSTGRES_HOST']}' is not known"),
        ("timeout", f"no answer from {where} in {env['POSTGRES_CONNECT_TIMEOUT']} s"),
    ]
    for word, cause in causes:
        if word in text and (word != "database" or "does not exist" in text):
            return cause
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
