"""The composition root: a ledger's event store, its read models, and command running."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dcledger.ledger import policy
from dcledger.ledger.dates import today
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact
from dcledger.ledger.invocation import Invocation, Outcome
from dcledger.ledger.storage import Location, sqlite_log_end
from dcledger.projections import Views, status_cache
from dcledger.projections.describe import metadata_path
from dcledger.projections.engine import Progress
from dcledger.projections.files import (
    check_not_foreign,
    check_private_file,
    same_file,
)
from dcledger.projections.private import private_path

if TYPE_CHECKING:  # the state models: only commands that fold need them
    from dcledger.ledger.event_store import DcLedgerApp
    from dcledger.ledger.registry import Registry


def tune_collector() -> None:
    """Collect reference cycles less often while a command runs (see the policy)."""
    gc.set_threshold(*policy.COLLECTOR_THRESHOLDS)


def view_files(views: Path) -> list[Path]:
    """Every file the read models of `views` consist of."""
    return [views, private_path(views), metadata_path(views)]


class LedgerService:
    def __init__(
        self, location: str | Location, *, views_path: Path | None = None, creating: bool = False
    ):
        self.location = location if isinstance(location, Location) else Location(location)
        self.views_path = Path(views_path or self.location.default_views_path())
        self._check_views_paths()
        self._app: DcLedgerApp | None = None
        if creating or self.location.is_postgres:
            self._app = self._open_app(creating)
        else:  # opened when first needed: see catch_up
            self.location.check_sqlite(creating=False)
        self._views: Views | None = None

    def _open_app(self, creating: bool = False) -> DcLedgerApp:
        from dcledger.ledger.event_store import open_app  # loads the event store's library

        return open_app(self.location, creating=creating)

    @property
    def app(self) -> DcLedgerApp:
        """The event store, opened on first use: a command whose read models are at the
        head of a SQLite log answers without loading it (about a fifth of its start-up)."""
        if self._app is None:
            self._app = self._open_app()
        return self._app

    def _check_views_paths(self) -> None:
        """The views and their private file: never the ledger, nor another program's file
        (checked read-only before anything is opened for writing)."""
        private = private_path(self.views_path)
        if not self.location.is_postgres:
            ledger = self.location.path
            for path, what in ((self.views_path, "--views"), (private, "the private file")):
                if same_file(path, ledger) or path.absolute() == ledger.absolute():
                    raise InvalidInput(f"{what} {path} names the ledger itself; use another file")
        check_not_foreign(self.views_path)
        check_private_file(private)

    @property
    def views(self) -> Views:
        if self._views is None:
            self._views = Views(self.views_path)
        return self._views

    def close(self) -> None:
        if self._views is not None:
            self._views.close()
        if self._app is not None:
            self._app.close()

    def __enter__(self) -> LedgerService:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # --- recording -----------------------------------------------------------------------

    def record(
        self,
        invocations: Iterable[Invocation],
        on_progress: Callable[[int], None] | None = None,
        signer: str | None = None,
    ) -> Outcome:
        # Deciding needs the commands, aggregates and rules; reading needs none of them.
        from dcledger.ledger.application import run_invocations
        from dcledger.ledger.commands import invoke

        return run_invocations(
            self.app, invocations, invoke, self._decision_source, on_progress, signer
        )

    def run(self, command: str, actor: str | None, /, **kwargs: Any) -> Outcome:
        """Record one command; keyword arguments `on`, `evidence`, `person` are the envelope."""
        envelope = {k: kwargs.pop(k) for k in ("on", "evidence", "person") if k in kwargs}
        return self.record([Invocation(command, actor, kwargs, **envelope)])

    def _decision_source(self) -> Views:
        # Decisions read the log through the read model, so bring it to the head first.
        self.catch_up()
        return self.views

    def checkpoint(self) -> dict[str, str]:
        """The log's tree head as a C2SP checkpoint body (origin, size, root), and how a
        reader checks it; `dcledger checkpoint` signs the same body."""
        from dcledger.ledger.integrity import stored  # signing and keys: not for reading

        body = stored.current(self.app).body()
        verify = (
            "Anyone with a copy of the ledger checks that its log has this tree head: "
            "dcledger checkpoint (the same three lines, signed by the secretariat), then "
            "dcledger verify --checkpoint FILE with a checkpoint saved earlier."
        )
        return {"text": body, "verify": verify}

    def ledger_signing_key(self, handle: str | None, key_file: Path | None) -> Any:
        """The private key that signs for the ledger (checkpoints, bundles): that of
        `handle`, else of the secretariat that started the ledger, who must hold the
        secretariat office today (a verifier accepts no other signer)."""
        from dcledger.ledger.integrity import stored  # signing and keys: not for reading
        from dcledger.ledger.rules.checks.people import check_signs_for_ledger

        registry = self.registry()
        if handle is None and registry.ledger is not None:
            handle = registry.ledger.secretariat
        if handle:
            check_signs_for_ledger(registry.persons.get(handle), handle)
        return stored.ledger_signing_key(self.app, handle, key_file)

    # --- reading -------------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None) -> int:
        if self._app is None:  # a SQLite ledger not opened yet (see __init__)
            position = self.views.position()
            end = sqlite_log_end(self.location.path, position)
            if end is not None and self.views.at_head(position, *end):
                return 0
        return self.views.catch_up(self.app, progress)

    def rebuild(self, progress: Progress | None = None) -> int:
        if self._views is None:  # a views file that cannot be opened is replaced
            self._views = Views(self.views_path, replace_damaged=True)
        return self.views.rebuild(self.app, progress)

    def registry(
        self, as_of: str | None = None, known_at: str | None = None, *, slug: str | None = None
    ) -> Registry:
        """The registry in effect on `as_of` as known at `known_at` (with `slug`, perhaps
        holding only that coalition). No effective date lies in the future, so on or after
        today, with everything known, the stored states of the read model are the answer
        and the log need not be folded again."""
        self.catch_up()
        if known_at is None and (as_of is None or as_of >= today().isoformat()):
            return self.views.registry()
        return self.views.registry(as_of, known_at, slug=slug)

    def status(self, day: date, known_at: str | None = None, slug: str | None = None) -> Any:
        """`dcledger status`: of today from the documents the views keep, else from the
        registry of that date as known at `known_at`."""
        if known_at is None and day == today():
            self.catch_up()
            return status_cache.status_today(self.views, day, slug)
        from dcledger.projections import queries

        return queries.status(self.registry(day.isoformat(), known_at), day, slug)

    def members(self, day: date, known_at: str | None, slug: str) -> list[dict[str, Any]]:
        """`dcledger members`: of today from the members table, else from the registry
        of that date as known at `known_at`."""
        if known_at is None and day == today():
            from dcledger.projections import listings

            self.catch_up()
            return listings.members_today(self.views, slug, day)
        from dcledger.projections import queries

        return queries.members(self.registry(day.isoformat(), known_at, slug=slug), slug, day)

    def yearly_review(self, year: int, day: date, known_at: str | None = None) -> dict:
        """`dcledger review YEAR`: the registries at the end of YEAR and on `day`; a year
        no review can be about is refused before anything is read."""
        from dcledger.ledger.limits import check_year
        from dcledger.projections.review import year_end_view, yearly_review

        check_year(year, "review year")
        now = self.registry(day.isoformat(), known_at)
        end_day = year_end_view(year, day)  # the as-of date itself while the year runs on
        end = now if end_day == day else self.registry(end_day.isoformat(), known_at)
        return yearly_review(year, end, now, day)

    def changes(self, after: date, until: date, known_at: str | None = None) -> dict:
        """`dcledger changes FROM TO`: the events effective after `after` up to `until`,
        and each coalition whose status or session eligibility differs between the two
        days, as known at `known_at`."""
        from dcledger.ledger.dates import check_period
        from dcledger.projections import listings, queries

        check_period(after, until)
        self.catch_up()
        events = listings.events_between(self.views, after, until, known_at)
        before_registry = self.registry(after.isoformat(), known_at)
        after_registry = self.registry(until.isoformat(), known_at)
        coalitions = queries.status_changes(before_registry, after_registry, after, until)
        return {"from": after.isoformat(), "to": until.isoformat()} | {
            "events": events,
            "coalitions": coalitions,
        }

    def log_facts(self) -> list[Fact]:
        """Every fact straight from the event store, not from a read model (for audits)."""
        from dcledger.ledger.event_store import EventLog

        return EventLog(self.app).all_facts()

    def head(self) -> int:
        """The position of the log's newest event."""
        from dcledger.ledger.event_store import EventLog

        return EventLog(self.app).head()
