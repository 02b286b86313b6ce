"""The one context object every command receives: settings and a lazily opened ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dcledger.bootstrap import LedgerService, tune_collector
from dcledger.ledger.invocation import Invocation, Outcome, runner_of
from dcledger.ledger.limits import checked_invocations
from dcledger.ledger.storage import Location
from dcledger.starting import nothing_left_if_refused


@dataclass
class Session:
    ledger: str
    actor: str | None
    as_json: bool
    views: Path | None
    key_file: Path | None = None  # --key: the private key that signs what is recorded
    _service: LedgerService | None = field(default=None, repr=False)

    def service(self, *, creating: bool = False) -> LedgerService:
        if self._service is None:
            tune_collector()
            self._service = LedgerService(
                Location(self.ledger), views_path=self.views, creating=creating
            )
        return self._service

    def record(self, command: str, args: dict[str, Any], envelope: dict[str, Any]) -> Outcome:
        return self.record_all([Invocation(command, self.actor, args, **envelope)])

    def record_all(
        self, invocations: list[Invocation], on_progress: Callable[[int], None] | None = None
    ) -> Outcome:
        """Record commands, signed with the runner's key; a ledger starts only with
        `init`, and a refused start leaves no file behind."""
        # Before any file or key is opened: a value no command takes is the error to name.
        invocations = checked_invocations(invocations)
        location = Location(self.ledger)
        creating = bool(invocations) and invocations[0].name == "init"
        views = self.views or location.default_views_path()
        # Keys and signing load cryptography: only commands that record pay for it.
        from dcledger.cli import signing_keys
        from dcledger.ledger.integrity.append import attach

        keys = signing_keys.NewKeys()
        with nothing_left_if_refused(location, views, creating, self.close):
            invocations = keys.genesis(invocations, self.key_file)
            service = self.service(creating=creating)
            attach(service.app, signing_keys.signer(self, invocations, keys))
            outcome = service.record(invocations, on_progress, runner_of(invocations, self.actor))
            keys.save()  # a key made for this command is kept only once it is recorded
            return outcome

    def close(self) -> Path | None:
        """Close the ledger; the views file it used, if it was opened."""
        if self._service is None:
            return None
        views = self._service.views_path
        self._service.close()
        self._service = None
        return views
