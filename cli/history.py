"""The log itself: reading it (log, changes), correcting it (retract), bulk recording
(import) and rebuilding the read models from it (rebuild)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.complete import complete_handle, complete_slug
from dcledger.cli.options import (
    EXISTING_FILE,
    caught_up,
    json_option,
    known_at_option,
    output_options,
    parse_date,
    parse_known_at,
    record,
    recording,
    service,
    session,
    wants_json,
)
from dcledger.cli.output import emit_json, progress_bar, render, yes_no
from dcledger.ledger.dates import check_period
from dcledger.ledger.errors import InvalidInput
from dcledger.projections import listings


def positive_limit(_: click.Context, param: click.Parameter, value: int | None) -> int | None:
    """1 up to SQLite's largest integer: another number is refused (exit 1, as a year out
    of range is), never a crash."""
    if value is not None and not 1 <= value < 2**63:
        raise InvalidInput(f"--limit {value} is not between 1 and {2**63 - 1}")
    return value


def log_note(entry: dict[str, Any]) -> str:
    """For whom the actor recorded it (`--person`), and whether it was retracted."""
    notes = [f"for {entry['person']}"] if entry.get("person") else []
    if entry["retracted_by"]:
        notes.append(f"retracted by {entry['retracted_by']}")
    return "; ".join(notes)


LOG_COLUMNS = [
    ("id", "id"),
    ("effective", "effective_date"),
    ("type", "type"),
    ("subject", "subject"),
    ("actor", "actor"),
    ("role", "role"),
    ("note", log_note),
]


@click.command()
@click.option(
    "--coalition",
    "slug",
    metavar="SLUG",
    shell_complete=complete_slug,
    help="Only this coalition's events.",
)
@click.option("--since", metavar="DATE", help="Only events effective on or after DATE.")
@click.option("--until", metavar="DATE", help="Only events effective on or before DATE.")
@click.option(
    "--type",
    "type_prefix",
    metavar="TYPE",
    help="Only events of this type (coalition.recognized), family (coalition) or stem "
    "(coalition.member_).",
)
@click.option(
    "--actor", metavar="HANDLE", shell_complete=complete_handle, help="Only events by HANDLE."
)
@click.option(
    "--limit", type=int, metavar="N", callback=positive_limit, help="Only the last N events."
)
@output_options()
def log(
    slug: str | None,
    since: str | None,
    until: str | None,
    type_prefix: str | None,
    actor: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """The event log, oldest first; retracted events stay, marked.

    \b
    Example:
      dcledger log --coalition dc-irpc --limit 5
      dcledger log --since 2024-01-01 --until 2024-12-31 --type coalition.member_ --actor sec
    """
    entries = listings.events(
        caught_up().views,
        coalition=slug,
        since=parse_date(since, "--since") if since else None,
        until=parse_date(until, "--until") if until else None,
        type_prefix=type_prefix,
        actor=actor,
        limit=limit,
    )
    render(fmt, entries, LOG_COLUMNS)


@click.command()
@click.argument("start", metavar="FROM")
@click.argument("end", metavar="TO")
@known_at_option
@output_options()
def changes(start: str, end: str, known_at: str | None, fmt: str) -> None:
    """What changed between two dates: the events effective after FROM up to TO, and
    each coalition whose status or session eligibility on TO differs from FROM (dated
    TO; one that changed and changed back in between is not listed, its events are);
    with --known-at, as the ledger knew them then (before a backfill, say).

    \b
    Example:
      dcledger changes 2024-01-01 2024-12-31
      dcledger changes 2024-01-01 2024-12-31 --known-at 2025-01-15 --format json
    """
    after, until = parse_date(start, "FROM"), parse_date(end, "TO")
    check_period(after, until)  # before the ledger is opened, as every argument is
    moment = parse_known_at(known_at)
    document = service().changes(after, until, moment)  # it catches up itself
    events, coalitions = document["events"], document["coalitions"]
    rows = [change_row(e["effective_date"], "event", e["subject"], event_text(e)) for e in events]
    rows += [
        change_row(until.isoformat(), "coalition", c["slug"], status_text(c)) for c in coalitions
    ]
    columns = [("date", "date"), ("what", "what"), ("subject", "subject"), ("change", "change")]
    title = f"Changes after {after} up to {until}"
    render(fmt, rows, columns, title=title, document=document)


def change_row(day: str, what: str, subject: str | None, change: str) -> dict[str, Any]:
    return {"date": day, "what": what, "subject": subject, "change": change}


def event_text(entry: dict[str, Any]) -> str:
    note = f", retracted by {entry['retracted_by']}" if entry["retracted_by"] else ""
    return f"{entry['type']} (event {entry['id']} by {entry['actor']}{note})"


def status_text(change: dict[str, Any]) -> str:
    """`status active -> inactive, session yes -> no`; an unchanged part is said once."""
    parts = []
    for label, before, after in (
        ("status", change["status_before"], change["status_after"]),
        ("session", change["eligible_before"], change["eligible_after"]),
    ):
        old, new = word(before), word(after)
        parts.append(f"{label} {new}" if old == new else f"{label} {old} -> {new}")
    return ", ".join(parts)


def word(value: str | bool | None) -> str:
    if value is None:
        return "-"
    return yes_no(value) if isinstance(value, bool) else value


@click.command()
@click.argument("event_id", type=int)
@click.option("--reason", required=True, help="Why the event was a mistake (kept in the log).")
@recording()
def retract(event_id: int, reason: str, **envelope: Any) -> None:
    """Retract a mistaken event: it stays in the log, every view ignores it.

    \b
    Example:
      dcledger --as sec retract 11 --reason "recorded for the wrong coalition"
    """
    record("retract", {"event_id": event_id, "reason": reason}, **envelope)


@click.command("import")
@click.argument("file", type=EXISTING_FILE)
@click.option("--on", metavar="DATE", help='Effective date of lines without their own "on".')
@click.option("--evidence", metavar="REF", help="Evidence of lines without their own.")
@json_option
def import_(file: Path, on: str | None, evidence: str | None, as_json: bool) -> None:
    """Record every command of a JSON Lines FILE, all or nothing (format: README).

    A line without "as", "on" or "evidence" takes --as, --on or --evidence.

    \b
    Example:
      dcledger --ledger sample.db import data/history.jsonl
    """
    from dcledger.ledger.importer import parse_lines, with_defaults  # import only

    if on is not None:
        parse_date(on, "--on")  # a bad default is the command line's mistake, not a line's
    invocations = with_defaults(parse_lines(file), session().actor, on, evidence)
    with progress_bar() as bar:
        task = bar.add_task(f"importing {file.name}", total=len(invocations))
        outcome = session().record_all(invocations, lambda done: bar.update(task, completed=done))
    if wants_json(as_json):
        emit_json({"commands": len(invocations), "events": len(outcome.events)})
    else:
        click.echo(f"Imported {len(invocations)} commands as {len(outcome.events)} events")


@click.command()
@json_option
def rebuild(as_json: bool) -> None:
    """Drop every read model and rebuild it from the log.

    \b
    Example:
      dcledger rebuild
    """
    current = service()
    head = current.head()
    with progress_bar() as bar:
        task = bar.add_task("rebuilding views", total=head or 1)
        count = current.rebuild(lambda position, _: bar.update(task, completed=position))
    if wants_json(as_json):
        emit_json({"events": count, "views": str(current.views_path)})
    else:
        click.echo(f"Rebuilt the views from {count} events into {current.views_path}")


COMMANDS = [log, changes, retract, import_, rebuild]
