"""eventsourcing's SQLite application recorder, extended to sign and hash in the
insert's own transaction. storage.py selects it through APPLICATION_RECORDER_TOPIC."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from dcledger.ledger.integrity.tree import Db, create_statements

if TYPE_CHECKING:
    from dcledger.ledger.integrity.append import Signer


class SQLiteIntegrityRecorder(SQLiteApplicationRecorder):
    signer: Signer | None = None

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *create_statements("BLOB")]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        from dcledger.ledger.integrity.append import append  # signs: loads cryptography

        append(Db(c, postgres=False), stored_events, list(ids or []), self.signer)
        return ids

    @contextmanager
    def reading(self) -> Iterator[Db]:
        with self.datastore.transaction(commit=False) as c:
            yield Db(c, postgres=False, events=self.events_table_name)
