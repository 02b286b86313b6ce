"""The one context object every command receives: settings and a lazily opened ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dcledger.bootstrap import LedgerService, tune_collector, view_files
from dcledger.ledger.errors import AlreadyExists, InvalidInput, LedgerError
from dcledger.ledger.invocation import Invocation, Outcome, runner_of
from dcledger.ledger.limits import check_values
from dcledger.ledger.storage import Location


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
        """Record commands; a ledger starts only with `init`, and a refused start leaves
        no file behind."""
        for invocation in invocations:
            check_invocation(invocation)
        location = Location(self.ledger)
        creating = bool(invocations) and invocations[0].name == "init"
        new_file = creating and not location.is_postgres and not location.path.exists()
        views = self.views or location.default_views_path()
        new_views = creating and not views.exists()
        # Keys and signing load cryptography: only commands that record pay for it.
        from dcledger.cli import signing_keys
        from dcledger.ledger.integrity.append import attach

        keys = signing_keys.NewKeys()
        try:
            invocations = keys.genesis(invocations, self.key_file)
            service = self.service(creating=creating)
            attach(service.app, signing_keys.signer(self, invocations, keys))
            outcome = service.record(invocations, on_progress, runner_of(invocations, self.actor))
            keys.save()  # a key made for this command is kept only once it is recorded
            return outcome
        except LedgerError as e:
            if creating and location.is_postgres and isinstance(e, AlreadyExists):
                hint = "to start over, drop the schema's dcledger tables or use another ?schema="
                raise type(e)(f"{e}; {hint}") from None
            if creating and location.path.is_file() and not new_file:
                shown = self._service.views_path if self._service else "its views"
                raise type(e)(f"{e}; to start over, remove {location.path} and {shown}") from None
            self.close()
            # Deciding reads the read models, which creates them: a refused start leaves
            # neither the ledger nor its views behind.
            leftovers = [location.path] if new_file else []
            leftovers += view_files(views) if new_views else []
            for path in leftovers:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None


def check_invocation(invocation: Invocation) -> None:
    """Values no command may take are refused before any command runs (import lines
    name their line)."""
    envelope = {
        "--as": invocation.actor,
        "--on": invocation.on,
        "--evidence": invocation.evidence,
        "--person": invocation.person,
    }
    try:
        check_values(envelope)
        check_values(invocation.args)
    except InvalidInput as e:
        if invocation.line is None:
            raise
        raise InvalidInput(f"line {invocation.line}: {e}") from None
