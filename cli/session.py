"""The one context object every command receives: settings and a lazily opened ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dcledger.bootstrap import LedgerService
from dcledger.ledger.application import Invocation, Outcome
from dcledger.ledger.errors import LedgerError
from dcledger.ledger.storage import Location


@dataclass
class Session:
    ledger: str
    actor: str | None
    as_json: bool
    views: Path | None
    _service: LedgerService | None = field(default=None, repr=False)

    def service(self, *, creating: bool = False) -> LedgerService:
        if self._service is None:
            self._service = LedgerService(
                Location(self.ledger), views_path=self.views, creating=creating
            )
        return self._service

    def record(self, command: str, args: dict[str, Any], envelope: dict[str, Any]) -> Outcome:
        return self.record_all([Invocation(command, self.actor, args, **envelope)])

    def record_all(
        self, invocations: list[Invocation], on_progress: Callable[[int], None] | None = None
    ) -> Outcome:
        """Record commands; a ledger starts only with `init`, and a refused start leaves
        no file behind."""
        location = Location(self.ledger)
        creating = bool(invocations) and invocations[0].name == "init"
        new_file = creating and not location.is_postgres and not location.path.exists()
        views = self.views or location.default_views_path()
        new_views = creating and not views.exists()
        try:
            return self.service(creating=creating).record(invocations, on_progress)
        except LedgerError:
            self.close()
            # Deciding reads the read models, which creates them: a refused start leaves
            # neither the ledger nor its views behind.
            leftovers = ([location.path] if new_file else []) + ([views] if new_views else [])
            for path in leftovers:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None
