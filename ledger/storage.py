"""Where a ledger lives: a SQLite file or a PostgreSQL URL, mapped onto eventsourcing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from dcledger.ledger import policy
from dcledger.ledger.errors import LedgerUnavailable

APP_NAME = "dcledger"
SQLITE_EVENTS_TABLE = "stored_events"
# Recorders that sign and hash each append in its own transaction (ledger/integrity).
RECORDERS = "dcledger.ledger.integrity.recorders:"


def lock_timeout() -> int:
    """Seconds a writer waits for another one; DCLEDGER_LOCK_TIMEOUT overrides the policy."""
    try:
        return int(os.environ.get("DCLEDGER_LOCK_TIMEOUT", policy.SQLITE_LOCK_TIMEOUT_SECONDS))
    except ValueError:
        return policy.SQLITE_LOCK_TIMEOUT_SECONDS


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
                "SQLITE_LOCK_TIMEOUT": str(lock_timeout()),
            }
        url = urlparse(self.text)
        query = parse_qs(url.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": RECORDERS + "PostgresIntegrityRecorder",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "localhost",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or os.environ.get("USER", "postgres")),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": str(lock_timeout()),
            "POSTGRES_POOL_SIZE": "2",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env

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
        host = f"{url.hostname or ''}:{url.port}" if url.port else (url.hostname or "")
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
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as e:
            raise LedgerUnavailable(f"{path} is not a dcledger ledger ({e})") from None
        if SQLITE_EVENTS_TABLE not in tables and (tables or not creating):
            raise LedgerUnavailable(f"{path} is not a dcledger ledger")
