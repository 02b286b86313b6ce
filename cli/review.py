"""The yearly review: `review YEAR` shows it, `review members YEAR` records the
member-status review."""

from __future__ import annotations

from typing import Any

import click
from click_default_group import DefaultGroup

from dcledger.cli.options import (
    output_options,
    parse_as_of,
    parse_known_at,
    record,
    recording,
    service,
    time_options,
)
from dcledger.cli.output import emit_json, paragraph, render, write_csv, yes_no
from dcledger.projections.review import CSV_COLUMNS, flat_row


class YearFirstGroup(DefaultGroup):
    """A group whose default subcommand takes the YEAR: its usage line says so."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[OPTIONS]", "YEAR [--format F] | COMMAND [ARGS]..."]


@click.group(cls=YearFirstGroup, default="show")
def review() -> None:
    """The yearly review: 'review YEAR' shows it, 'review members YEAR' records the
    member-status review.

    'review YEAR' runs the default subcommand, show: 'review show --help' lists its
    options (--format table|json|csv|markdown, --as-of, --known-at).

    \b
    Example:
      dcledger review 2024
      dcledger review 2024 --format markdown > review-2024.md
      dcledger --as sec review members 2024 --notes "all contacts confirmed"
    """


@review.command("show")
@click.argument("year", type=int)
@time_options
@output_options("markdown")
def review_show(year: int, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """The secretariat's yearly review of YEAR (the default: 'review YEAR').

    \b
    Example:
      dcledger review 2024 --as-of 2025-06-01 --format csv
    """
    result = service().yearly_review(year, parse_as_of(as_of), parse_known_at(known_at))
    if fmt == "json":
        emit_json(result)
    elif fmt == "csv":
        write_csv(CSV_COLUMNS, (flat_row(r) for r in result["coalitions"]))
    elif fmt == "markdown":
        click.echo(review_markdown(result))
    else:
        review_table(result)


def review_table(result: dict[str, Any]) -> None:
    year = result["year"]
    columns = [
        ("coalition", "slug"),
        (f"end {year}", "status_at_year_end"),
        ("now", "status_now"),
        (f"{year} report", lambda r: report_brief(r["report"])),
        ("activity", activity_cell),
        ("DCCG", lambda r: f"{r['dccg_meetings_attended']}/{r['dccg_meetings_held']}"),
        ("members", lambda r: f"{r['members']['full']}+{r['members']['observer']}"),
        (f"session {year + 1}", "eligible_for_session_next_year"),
        ("flags", lambda r: len(r["flags"])),
    ]
    title = f"Yearly review {year} (as of {result['as_of']})"
    render("table", result["coalitions"], columns, title=title)
    totals = result["totals"]
    paragraph("Totals", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in totals.items()))
    for flag in result["flags"]:
        click.echo(f"Flag: {flag}")


def activity_cell(row: dict[str, Any]) -> str:
    return f"{row['meetings']}m {len(row['outputs'])}o" if row["activity_met"] else "none"


def report_cell(report: dict[str, Any]) -> str:
    if not report["owed"]:
        return "not owed"
    extension = f" ext. {report['extension']}" if report["extension"] else ""
    return f"{report['outcome']} {report['filed_on'] or ''}{extension}".strip()


# How the table marks a report's extension: only a granted one moved its deadline.
EXTENSION_MARKS = {"granted": "extended", "denied": "ext. denied", "requested": "ext. pending"}


def report_brief(report: dict[str, Any]) -> str:
    """The report column of the table, narrow enough for 80 columns; the dates are in
    the other formats."""
    if not report["owed"]:
        return "not owed"
    mark = EXTENSION_MARKS.get(report["extension"] or "")
    return f"{report['outcome']} ({mark})" if mark else report["outcome"]


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
            f"| {yes_no(r['eligible_for_session_next_year'])} |"
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


@review.command("members")
@click.argument("year", type=int)
@click.option("--notes", default="", help="What the review found.")
@click.option(
    "--set-role",
    "set_roles",
    multiple=True,
    metavar="SLUG:HANDLE:ROLE",
    help="A role change the review makes (repeatable).",
)
@click.option(
    "--remove",
    "removals",
    multiple=True,
    metavar="SLUG:HANDLE",
    help="A member the review removes (repeatable).",
)
@recording()
def review_members(
    year: int,
    notes: str,
    set_roles: tuple[str, ...],
    removals: tuple[str, ...],
    **envelope: Any,
) -> None:
    """Record the yearly member-status review (secretariat with the DCCG), with the role
    changes and removals it makes, all or nothing.

    \b
    Example:
      dcledger --as sec review members 2024 --set-role dc-irpc:eve:observer \\
        --remove dc-irpc:bo --notes "bo stopped replying"
    """
    args = {"year": year, "notes": notes, "set_roles": list(set_roles), "removals": list(removals)}
    record("review members", args, **envelope)


COMMANDS = [review]
