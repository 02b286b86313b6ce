"""The one context object every command receives: settings and a lazily opened ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger.application import Invocation, Outcome
from ledger.service import LedgerService
from ledger.storage import Location


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
        invocation = Invocation(command, self.actor, args, **envelope)
        return self.service(creating=command == "init").record([invocation])

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None
