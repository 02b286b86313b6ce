"""A coalition's yearly obligations: reports and extensions, meetings, outputs."""

from __future__ import annotations

from typing import Any

import click

from dcledger.cli.options import (
    caught_up,
    optional_slug_argument,
    output_options,
    record,
    recording,
    slug_argument,
)
from dcledger.cli.output import render
from dcledger.ledger.limits import check_year
from dcledger.ledger.vocabulary import OUTPUT_KINDS
from dcledger.projections import listings

REASON = "Why, in a sentence (kept in the log)."


@click.group()
def report() -> None:
    """Annual reports and deadline extensions.

    \b
    Example:
      dcledger report list dc-irpc
    """


@report.command("file")
@slug_argument
@click.argument("year", type=int)
@click.option("--url", help="Where the report is published.")
@click.option("--file", "file", help="The report's file name or path.")
@recording()
def report_file(slug: str, year: int, url: str | None, file: str | None, **envelope: Any) -> None:
    """File the annual report for YEAR (due 31 March of YEAR+1).

    \b
    Example:
      dcledger --as ana report file dc-irpc 2024 --url https://example.org/r2024
    """
    if url and file:  # alternatives, as the synopsis says: a usage mistake (exit 2)
        raise click.UsageError("give the report's --url or its --file, not both")
    record("report file", {"slug": slug, "year": year, "url": url, "file": file}, **envelope)


@report.command("request-extension")
@slug_argument
@click.argument("year", type=int)
@click.option("--until", required=True, metavar="DATE", help="The new deadline asked for.")
@click.option("--reason", required=True, help=REASON)
@recording()
def report_request_extension(
    slug: str, year: int, until: str, reason: str, **envelope: Any
) -> None:
    """Ask the secretariat for more time for YEAR's report.

    Ask before the deadline, 31 March of the next year: on that day it is too late.

    \b
    Example:
      dcledger --as ana report request-extension dc-irpc 2024 --until 2025-05-31 \\
        --reason "the chair was ill"
    """
    args = {"slug": slug, "year": year, "until": until, "reason": reason}
    record("report request-extension", args, **envelope)


@report.command("grant-extension")
@slug_argument
@click.argument("year", type=int)
@recording()
def report_grant_extension(slug: str, year: int, **envelope: Any) -> None:
    """Grant the pending extension (secretariat); its date becomes the deadline.

    \b
    Example:
      dcledger --as sec report grant-extension dc-irpc 2024
    """
    record("report grant-extension", {"slug": slug, "year": year}, **envelope)


@report.command("deny-extension")
@slug_argument
@click.argument("year", type=int)
@click.option("--reason", required=True, help=REASON)
@recording()
def report_deny_extension(slug: str, year: int, reason: str, **envelope: Any) -> None:
    """Deny the pending extension (secretariat).

    \b
    Example:
      dcledger --as sec report deny-extension dc-irpc 2024 --reason "asked too late"
    """
    record("report deny-extension", {"slug": slug, "year": year, "reason": reason}, **envelope)


def a_year(_: click.Context, __: click.Parameter, value: int | None) -> int | None:
    if value is not None:
        check_year(value, "--year")
    return value


@report.command("list")
@optional_slug_argument
@click.option("--year", type=int, callback=a_year, help="Only the reports for this year (2006 on).")
@output_options()
def report_list(slug: str | None, year: int | None, fmt: str) -> None:
    """Reports filed or owed with an extension, for every coalition or for SLUG.

    \b
    Example:
      dcledger report list --year 2024
      dcledger report list dc-irpc --format csv
    """
    rows = listings.reports(caught_up().views, slug, year)
    columns = [
        ("slug", "slug"),
        ("year", "year"),
        ("due", "due"),
        ("extension", "extension"),
        ("filed", "filed_on"),
        ("on time", lambda r: "" if r["on_time"] is None else r["on_time"]),
    ]
    render(fmt, rows, columns)


@click.group()
def meeting() -> None:
    """A coalition's own meetings.

    \b
    Example:
      dcledger meeting list dc-irpc
    """


@meeting.command("record")
@slug_argument
@click.option("--title", required=True, help="What the meeting was called or about.")
@recording()
def meeting_record(slug: str, title: str, **envelope: Any) -> None:
    """Record a meeting the coalition held.

    \b
    Example:
      dcledger --as ana meeting record dc-irpc --title "Annual meeting" --on 2024-11-20
    """
    record("meeting record", {"slug": slug, "title": title}, **envelope)


@meeting.command("list")
@optional_slug_argument
@output_options()
def meeting_list(slug: str | None, fmt: str) -> None:
    """Meetings coalitions held, oldest first, for every coalition or for SLUG.

    \b
    Example:
      dcledger meeting list dc-irpc --format json
    """
    rows = listings.activities(caught_up().views, slug, meetings=True)
    render(fmt, rows, [("on", "on"), ("slug", "slug"), ("title", "title")])


@click.group()
def output() -> None:
    """Outputs: documents, events, projects, with agreement and dissent.

    \b
    Example:
      dcledger output list dc-irpc
    """


@output.command("record")
@slug_argument
@click.option("--kind", required=True, type=click.Choice(OUTPUT_KINDS), help="What it is.")
@click.option("--title", required=True, help="The output's title.")
@click.option("--agreement", required=True, help="The areas of agreement.")
@click.option("--dissent", multiple=True, help="A minority or dissenting view (repeatable).")
@click.option("--no-dissent", is_flag=True, help="State that no dissenting views were raised.")
@recording()
def output_record(
    slug: str,
    kind: str,
    title: str,
    agreement: str,
    dissent: tuple[str, ...],
    no_dissent: bool,
    **envelope: Any,
) -> None:
    """Record an output; it must carry its dissent or say that none was raised.

    \b
    Example:
      dcledger --as ana output record dc-irpc --kind document --title "Charter of rights" \\
        --agreement "all principles" --no-dissent
    """
    if dissent and no_dissent:  # alternatives: a usage mistake (neither is the rule's)
        raise click.UsageError("give --dissent or --no-dissent, not both")
    args = {
        "slug": slug,
        "kind": kind,
        "title": title,
        "agreement": agreement,
        "dissent": list(dissent),
        "no_dissent": no_dissent,
    }
    record("output record", args, **envelope)


@output.command("list")
@optional_slug_argument
@output_options()
def output_list(slug: str | None, fmt: str) -> None:
    """Outputs, oldest first, for every coalition or for SLUG, with their areas of
    agreement and their dissenting views ("none raised" when the recorder said so).

    \b
    Example:
      dcledger output list --format csv > outputs.csv
    """
    rows = listings.activities(caught_up().views, slug, meetings=False)
    columns = [
        ("on", "on"),
        ("slug", "slug"),
        ("kind", "kind"),
        ("title", "title"),
        ("agreement", "agreement"),
        ("dissent", lambda r: "; ".join(r["dissent"]) or "none raised"),
    ]
    render(fmt, rows, columns)


COMMANDS = [report, meeting, output]
