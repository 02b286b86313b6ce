"""The composition root: a ledger's event store, its read models, and command running."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dcledger.ledger.application import (
    Invocation,
    Outcome,
    open_app,
    run_invocations,
    today,
)
from dcledger.ledger.commands import invoke
from dcledger.ledger.facts import Fact, fact_from_event
from dcledger.ledger.registry import Registry
from dcledger.ledger.storage import Location
from dcledger.projections import Views
from dcledger.projections.engine import Progress


class LedgerService:
    def __init__(
        self, location: str | Location, *, views_path: Path | None = None, creating: bool = False
    ):
        self.location = location if isinstance(location, Location) else Location(location)
        self.app = open_app(self.location, creating=creating)
        self.views_path = views_path or self.location.default_views_path()
        self._views: Views | None = None

    @property
    def views(self) -> Views:
        if self._views is None:
            self._views = Views(self.views_path)
        return self._views

    def close(self) -> None:
        if self._views is not None:
            self._views.close()
        self.app.close()

    def __enter__(self) -> LedgerService:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # --- recording -----------------------------------------------------------------------

    def record(
        self, invocations: Iterable[Invocation], on_progress: Callable[[int], None] | None = None
    ) -> Outcome:
        return run_invocations(self.app, invocations, invoke, self._decision_source, on_progress)

    def run(self, command: str, actor: str | None, /, **kwargs: Any) -> Outcome:
        """Record one command; keyword arguments `on`, `evidence`, `person` are the envelope."""
        envelope = {k: kwargs.pop(k) for k in ("on", "evidence", "person") if k in kwargs}
        return self.record([Invocation(command, actor, kwargs, **envelope)])

    def _decision_source(self) -> Views:
        # Decisions read the log through the read model, so bring it to the head first.
        self.catch_up()
        return self.views

    # --- reading -------------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.views.catch_up(self.app, progress)

    def rebuild(self, progress: Progress | None = None) -> int:
        return self.views.rebuild(self.app, progress)

    def registry(self, as_of: str | None = None, known_at: str | None = None) -> Registry:
        """The registry in effect on `as_of` as known at `known_at`. No effective date lies
        in the future, so on or after today, with everything known, the stored states of
        the read model are the answer and the log need not be folded again."""
        self.catch_up()
        if known_at is None and (as_of is None or as_of >= today().isoformat()):
            return self.views.registry()
        return self.views.registry(as_of, known_at)

    def log_facts(self) -> list[Fact]:
        """Every fact straight from the event store, not from a read model (for audits)."""
        facts, start = [], 1
        while True:
            batch = self.app.recorder.select_notifications(start=start, limit=1000)
            if not batch:
                return facts
            facts += [fact_from_event(self.app.mapper.to_domain_event(n), n.id) for n in batch]
            start = batch[-1].id + 1
