"""eventsourcing's PostgreSQL application recorder, extended to sign and hash in the
insert's own transaction (a module of its own: psycopg is an optional dependency)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from dcledger.ledger.integrity.tree import Db, create_statements

if TYPE_CHECKING:
    from dcledger.ledger.integrity.append import Signer


class PostgresIntegrityRecorder(PostgresApplicationRecorder):
    signer: Signer | None = None

    def __init__(self, datastore: Any, **kwargs: Any):
        super().__init__(datastore, **kwargs)
        self.prefix = f'"{datastore.schema}".' if datastore.schema else ""
        for statement in create_statements("BYTEA", "{schema}."):
            self.sql_create_statements.append(
                SQL(statement).format(schema=Identifier(datastore.schema or "public"))
            )

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # eventsourcing's own version holds back an exception raised after the insert
        # until its transaction has committed; the events must roll back with their
        # signatures and tree nodes, so all of it runs in one plain transaction here.
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            if not stored_events:
                return []
            self._insert_stored_events(curs, stored_events, **kwargs)  # locks the table
            ids = list(self._fetch_ids_after_insert_events(curs, stored_events) or [])
            from dcledger.ledger.integrity.append import append  # signs: loads cryptography

            append(Db(curs, postgres=True, prefix=self.prefix), stored_events, ids, self.signer)
            return ids

    @contextmanager
    def reading(self) -> Iterator[Db]:
        events = f'{self.prefix}"{self.events_table_name}"'
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            yield Db(curs, postgres=True, prefix=self.prefix, events=events)
