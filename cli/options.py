"""Options and argument handling every command group shares: the recording envelope, the
output formats, the time-travel options, and the session they all reach."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dcledger.bootstrap import LedgerService
from dcledger.cli.complete import complete_amendment, complete_handle, complete_slug
from dcledger.cli.output import report_recorded
from dcledger.cli.session import Session
from dcledger.ledger.dates import from_iso, user_date
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.invocation import Invocation

if TYPE_CHECKING:
    from dcledger.ledger.registry import Registry

EXISTING_FILE = click.Path(path_type=Path)
FORMATS = ("table", "json", "csv")


def session() -> Session:
    return click.get_current_context().obj


def service() -> LedgerService:
    return session().service()


def wants_json(local: bool) -> bool:
    current = session()
    return bool(local or (current and current.as_json))


def json_option(fn: Callable) -> Callable:
    """--json: one JSON document on stdout, on every command that shows or records."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document and nothing else."
    )(fn)


def output_options(*extra: str) -> Callable[[Callable], Callable]:
    """--format and --json, the shared output options of every command that shows rows.
    The command receives `fmt`: json when either --json (here or global) asks for it."""
    choices = (*FORMATS, *extra)

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, fmt: str, as_json: bool, **kwargs: Any) -> Any:
            return fn(*args, fmt="json" if wants_json(as_json) else fmt, **kwargs)

        wrapped = json_option(wrapper)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default="table",
            show_default=True,
            help="Output format: a table for people, JSON or CSV for scripts"
            + (" (markdown: a report to publish)." if "markdown" in extra else "."),
        )(wrapped)

    return decorate


def known_at_option(fn: Callable) -> Callable:
    """--known-at: only what was recorded by then."""
    return click.option(
        "--known-at",
        metavar="TIMESTAMP",
        help="Only what was recorded by then (ISO timestamp, UTC if no zone; a bare date "
        "means the end of that day).",
    )(fn)


def time_options(fn: Callable) -> Callable:
    """--as-of and --known-at: the shared time-travel options of state questions."""
    fn = known_at_option(fn)
    return click.option(
        "--as-of", metavar="DATE", help="State on this effective date (default: today)."
    )(fn)


def parse_date(text: str, option: str) -> date:
    return user_date(text, option)


def parse_as_of(text: str | None) -> date:
    return datetime.now(UTC).date() if text is None else parse_date(text, "--as-of")


ISO_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")


def parse_known_at(text: str | None) -> str | None:
    if text is None:
        return None
    if not ISO_DATE_START.match(text):  # Python also reads 20261201 (as its midnight)
        raise InvalidInput(f"--known-at '{text}' is not an ISO timestamp (YYYY-MM-DD[THH:MM...])")
    try:
        if len(text) == 10:
            moment = datetime.combine(from_iso(text), time.max, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--known-at '{text}' is not an ISO timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # in UTC, before the year 1 or after 9999
        raise InvalidInput(f"--known-at '{text}' is outside the years 1 to 9999 in UTC") from None


def registry_for(
    as_of: str | None, known_at: str | None, slug: str | None = None
) -> tuple[Registry, date]:
    """The registry a state question asks about (with `slug`, one about that coalition
    alone: perhaps holding nothing else)."""
    day = parse_as_of(as_of)
    return service().registry(day.isoformat(), parse_known_at(known_at), slug=slug), day


def caught_up() -> LedgerService:
    """The service with its read models brought to the head of the log, for listings."""
    current = service()
    current.catch_up()
    return current


def recording(*, person: bool = False) -> Callable[[Callable], Callable]:
    """The envelope options every recording command shares."""

    def decorate(fn: Callable) -> Callable:
        fn = json_option(fn)
        if person:
            fn = click.option(
                "--person",
                metavar="HANDLE",
                shell_complete=complete_handle,
                help="Secretariat only: record this for another person (backfilling).",
            )(fn)
        fn = click.option(
            "--evidence", metavar="REF", help="A mailing-list Message-ID or URL documenting it."
        )(fn)
        return click.option(
            "--on", metavar="DATE", help="Effective date, YYYY-MM-DD (default: today)."
        )(fn)

    return decorate


def record(
    command: str,
    args: dict[str, Any],
    *,
    on: str | None,
    evidence: str | None,
    as_json: bool,
    person: str | None = None,
    headline: str | None = None,
) -> None:
    """Hand one command to the ledger service and say what it recorded."""
    envelope = {"on": on, "evidence": evidence, "person": person}
    outcome = session().record(command, args, envelope)
    title = str(outcome.results[-1][headline]) if headline else None
    report_recorded(outcome, wants_json(as_json), title)


def slug_argument(fn: Callable) -> Callable:
    return click.argument("slug", shell_complete=complete_slug)(fn)


def optional_slug_argument(fn: Callable) -> Callable:
    return click.argument("slug", required=False, shell_complete=complete_slug)(fn)


def handle_argument(fn: Callable) -> Callable:
    return click.argument("handle", shell_complete=complete_handle)(fn)


def amendment_argument(fn: Callable) -> Callable:
    return click.argument(
        "number", metavar="AMENDMENT", type=int, shell_complete=complete_amendment
    )(fn)


def record_with_key(command: str, args: dict[str, Any], public_key: Path | None, **envelope):
    """Record `command` with the person's public key; a key pair made for it is saved
    only once the command is recorded."""
    session = click.get_current_context().obj
    as_json = envelope.pop("as_json")
    from dcledger.cli.signing_keys import NewKeys  # cryptography: recording only

    made = NewKeys()
    args = {**args, "key": made.public_for_person(args["handle"], public_key)}
    outcome = session.record_all([Invocation(command, session.actor, args, **envelope)])
    made.save()
    report_recorded(outcome, wants_json(as_json), None)
