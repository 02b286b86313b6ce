"""Rendering: one JSON document for scripts, rich tables for people."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from dcledger.ledger.application import Outcome
from dcledger.ledger.errors import InvalidInput


def console() -> Console:
    out = Console(soft_wrap=False, highlight=False)
    if not out.is_terminal:  # piped or captured: no width to respect, so do not squeeze
        out = Console(soft_wrap=False, highlight=False, width=200)
    return out


def wants_json(local: bool) -> bool:
    session = click.get_current_context().obj
    return bool(local or (session and session.as_json))


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, sort_keys=False, default=str))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    grid = Table(title=title, show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*("" if v is None else str(v) for v in row))
    console().print(grid)


def json_option(fn: Callable) -> Callable:
    """The shared output option of every showing command."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document and nothing else."
    )(fn)


def time_options(fn: Callable) -> Callable:
    """--as-of and --known-at: the shared time-travel options of state questions."""
    fn = click.option(
        "--known-at",
        metavar="TIMESTAMP",
        help="Only what was recorded by then (ISO timestamp, UTC if no zone; a bare date "
        "means the end of that day).",
    )(fn)
    return click.option(
        "--as-of", metavar="DATE", help="State on this effective date (default: today)."
    )(fn)


def parse_as_of(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--as-of '{text}' is not a date (YYYY-MM-DD)") from None


def parse_known_at(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--known-at '{text}' is not an ISO timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def short_type(topic: str) -> str:
    return topic.split(":")[1] if ":" in topic else topic


def report_recorded(outcome: Outcome, as_json: bool, headline: str | None = None) -> None:
    """What a recording command wrote. With a headline (a new slug or amendment number),
    stdout carries only that, so scripts can capture it; the details go to stderr."""
    events = [{"id": i, "type": short_type(t)} for i, t in outcome.events]
    if as_json:
        emit_json({"events": events, "result": outcome.results[-1] if outcome.results else {}})
        return
    lines = [f"Recorded {e['type']} as event {e['id']}" for e in events]
    if headline is not None:
        click.echo(headline)
        for line in lines:
            click.echo(line, err=True)
    else:
        for line in lines:
            click.echo(line)


def progress_bar() -> Progress:
    """A progress bar on stderr, shown only to a person at a terminal."""
    err = Console(stderr=True)
    return Progress(console=err, transient=True, disable=not err.is_terminal)
