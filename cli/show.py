"""Showing commands: read models and rule conclusions, as tables or one JSON document."""

from __future__ import annotations

import csv
import io
from typing import Any

import click
from rich.console import Console

from dcledger.cli.main import cli
from dcledger.cli.output import (
    emit_json,
    json_option,
    parse_as_of,
    parse_known_at,
    progress_bar,
    table,
    time_options,
    wants_json,
)
from dcledger.cli.record import coalition, review
from dcledger.ledger.registry import Registry
from dcledger.projections import queries
from dcledger.projections.review import CSV_COLUMNS, flat_row, yearly_review


def registry_for(as_of: str | None, known_at: str | None) -> tuple[Registry, Any]:
    session = click.get_current_context().obj
    day = parse_as_of(as_of)
    registry = session.service().registry(day.isoformat(), parse_known_at(known_at))
    return registry, day


@cli.command()
@click.argument("slug", required=False)
@time_options
@json_option
def status(slug: str | None, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """Each coalition's status, session eligibility, missed reports and flags."""
    registry, day = registry_for(as_of, known_at)
    result = queries.status(registry, day, slug)
    if wants_json(as_json):
        emit_json(result)
        return
    rows = result if isinstance(result, list) else [result]
    table(
        f"Coalitions on {day}",
        ["slug", "status", "session", "missed reports", "flags"],
        (
            [
                r["slug"],
                r["status"],
                "eligible" if r["eligible_for_session"] else "no",
                ", ".join(map(str, r["missed_report_years"])),
                len(r["flags"]),
            ]
            for r in rows
        ),
    )
    if slug is not None:
        for flag in result["flags"]:
            click.echo(f"  - {flag}")
        click.echo(f"  session: {result['eligibility_reason']}")


@coalition.command("show")
@click.argument("slug")
@time_options
@json_option
def coalition_show(slug: str, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """The coalition's published page: statement, participating members (names only)."""
    registry, day = registry_for(as_of, known_at)
    page = queries.coalition_page(registry, slug, day)
    if wants_json(as_json):
        emit_json(page)
        return
    out = Console(highlight=False)
    out.print(f"[bold]{page['name']}[/bold] ({page['slug']}) - {page['status']}")
    for key in (
        "proposed_on",
        "recognized_on",
        "declined_on",
        "decline_reason",
        "dissolved_on",
        "mailing_list",
        "need",
        "action_plan",
    ):
        if page[key]:
            out.print(f"{key.replace('_', ' ')}: {page[key]}")
    out.print(f"coordinators: {', '.join(page['coordinators']) or '-'}")
    out.print(f"participating members: {', '.join(page['participating_members']) or '-'}")
    out.print(f"observers: {page['observers']}; groups: {', '.join(page['stakeholder_groups'])}")
    for o in page["outputs"]:
        dissent = "; ".join(o["dissent"]) or "none raised"
        out.print(f"output {o['on']} {o['kind']}: {o['title']} (dissent: {dissent})")


@cli.command()
@click.argument("slug")
@time_options
@json_option
def members(slug: str, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """A coalition's members with role, group and whose details need attention."""
    registry, day = registry_for(as_of, known_at)
    rows = queries.members(registry, slug, day)
    if wants_json(as_json):
        emit_json(rows)
        return
    table(
        f"Members of {slug} on {day}",
        ["handle", "name", "role", "group", "coordinator", "contact", "subscribed"],
        (
            [
                r["handle"],
                r["name"],
                r["role"],
                r["group"],
                "yes" if r["coordinator"] else "",
                "STALE" if r["contact_stale"] else "ok",
                "yes" if r["subscribed"] else "NO",
            ]
            for r in rows
        ),
    )


@cli.command()
@click.option("--coalition", "slug", metavar="SLUG", help="Only this coalition's events.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the last N events.")
@json_option
def log(slug: str | None, limit: int | None, as_json: bool) -> None:
    """The event log, oldest first; retracted events stay, marked."""
    service = click.get_current_context().obj.service()
    service.catch_up()
    entries = queries.log(service.views, slug, limit)
    if wants_json(as_json):
        emit_json(entries)
        return
    table(
        None,
        ["id", "effective", "type", "subject", "actor", "role", "note"],
        (
            [
                e["id"],
                e["effective_date"],
                e["type"],
                e["subject"],
                e["actor"],
                e["role"],
                f"retracted by {e['retracted_by']}" if e["retracted_by"] else "",
            ]
            for e in entries
        ),
    )


@cli.command()
@json_option
def rebuild(as_json: bool) -> None:
    """Drop every read model and rebuild it from the log."""
    service = click.get_current_context().obj.service()
    head = service.app.recorder.max_notification_id() or 0
    with progress_bar() as bar:
        task = bar.add_task("rebuilding views", total=head or 1)
        count = service.rebuild(lambda position, _: bar.update(task, completed=position))
    if wants_json(as_json):
        emit_json({"events": count, "views": str(service.views_path)})
    else:
        click.echo(f"Rebuilt the views from {count} events into {service.views_path}")


@review.command("show", hidden=True)
@click.argument("year", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
)
@time_options
@json_option
def review_show(
    year: int, fmt: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """The secretariat's yearly review of YEAR."""
    now, day = registry_for(as_of, known_at)
    service = click.get_current_context().obj.service()
    end = service.registry(as_of=f"{year}-12-31", known_at=parse_known_at(known_at))
    result = yearly_review(year, end, now, day)
    if wants_json(as_json) or fmt == "json":
        emit_json(result)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_row(r) for r in result["coalitions"])
        click.echo(buffer.getvalue(), nl=False)
    elif fmt == "markdown":
        click.echo(review_markdown(result))
    else:
        review_table(result)


def review_table(result: dict[str, Any]) -> None:
    year = result["year"]
    table(
        f"Yearly review {year} (as of {result['as_of']})",
        [
            "coalition",
            f"end {year}",
            "now",
            f"{year} report",
            "activity",
            "DCCG",
            "members",
            f"session {year + 1}",
            "flags",
        ],
        (
            [
                r["slug"],
                r["status_at_year_end"],
                r["status_now"],
                report_cell(r["report"]),
                f"{r['meetings']}m {len(r['outputs'])}o" if r["activity_met"] else "NONE",
                f"{r['dccg_meetings_attended']}/{r['dccg_meetings_held']}",
                f"{r['members']['full']}+{r['members']['observer']}",
                "yes" if r["eligible_for_session_next_year"] else "no",
                len(r["flags"]),
            ]
            for r in result["coalitions"]
        ),
    )
    totals = result["totals"]
    click.echo("Totals: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in totals.items()))
    for flag in result["flags"]:
        click.echo(f"Flag: {flag}")


def report_cell(report: dict[str, Any]) -> str:
    if not report["owed"]:
        return "not owed"
    extension = f" ext. {report['extension']}" if report["extension"] else ""
    return f"{report['outcome']} {report['filed_on'] or ''}{extension}".strip()


def review_markdown(result: dict[str, Any]) -> str:
    year = result["year"]
    lines = [
        f"# Dynamic Coalitions: yearly review {year}",
        "",
        f"As of {result['as_of']}.",
        "",
        f"| Coalition | Status end {year} | Status now | Report {year} | Meetings | Outputs "
        f"| DCCG attended | Full members | Observers | Session {year + 1} |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in result["coalitions"]:
        lines.append(
            f"| {r['name']} | {r['status_at_year_end']} | {r['status_now']} "
            f"| {report_cell(r['report'])} | {r['meetings']} | {len(r['outputs'])} "
            f"| {r['dccg_meetings_attended']}/{r['dccg_meetings_held']} "
            f"| {r['members']['full']} | {r['members']['observer']} "
            f"| {'eligible' if r['eligible_for_session_next_year'] else 'not eligible'} |"
        )
    lines += ["", "## Totals", ""]
    lines += [f"- {k.replace('_', ' ')}: {v}" for k, v in result["totals"].items()]
    flagged = [r for r in result["coalitions"] if r["flags"]]
    if flagged or result["flags"]:
        lines += ["", "## Flags", ""]
        lines += [f"- {flag}" for flag in result["flags"]]
        for r in flagged:
            lines += [f"- {r['name']}: {flag}" for flag in r["flags"]]
    return "\n".join(lines)
