"""Ratification votes on charter amendments."""

from __future__ import annotations

from typing import Any

import click

from dcledger.cli.options import (
    amendment_argument,
    caught_up,
    json_option,
    output_options,
    record,
    recording,
    registry_for,
    time_options,
    wants_json,
)
from dcledger.cli.output import emit_json, render
from dcledger.ledger.policy import DEFAULT_THRESHOLD
from dcledger.ledger.tally import has_quorum
from dcledger.ledger.vocabulary import BALLOT_CHOICES, THRESHOLDS
from dcledger.projections import charter as views
from dcledger.projections import listings


@click.group()
def vote() -> None:
    """Ratification votes: open, cast, close, show, list.

    \b
    Example:
      dcledger vote list
    """


@vote.command("open")
@amendment_argument
@click.option("--closes", required=True, metavar="DATE", help="The last day to vote.")
@click.option(
    "--quorum",
    metavar="FRACTION",
    help="Share of the electorate that must vote (0.25 or 1/4; default: none).",
)
@click.option(
    "--threshold",
    type=click.Choice(THRESHOLDS),
    help=f"The share of yes among yes and no that ratifies (default: {DEFAULT_THRESHOLD}).",
)
@recording()
def vote_open(
    number: int, closes: str, quorum: str | None, threshold: str | None, **envelope: Any
) -> None:
    """Open the ratification vote (DCCG, after consensus); fixes the electorate.

    \b
    Example:
      dcledger --as chair vote open 1 --closes 2021-04-30 --threshold two-thirds --quorum 1/4
    """
    args = {"amendment": number, "closes": closes, "quorum": quorum}
    if threshold is not None:  # the ledger's policy holds the default
        args["threshold"] = threshold
    record("vote open", args, **envelope)


@vote.command("cast")
@amendment_argument
@click.argument("choice", type=click.Choice(BALLOT_CHOICES))
@click.option("--statement", help="Why; statements with 'no' ballots are kept as dissent.")
@recording(person=True)
def vote_cast(number: int, choice: str, statement: str | None, **envelope: Any) -> None:
    """Cast (or recast) your ballot.

    \b
    Example:
      dcledger --as ana vote cast 1 no --statement "extensions should stay rare"
    """
    args = {"amendment": number, "choice": choice, "statement": statement}
    record("vote cast", args, **envelope)


@vote.command("close")
@amendment_argument
@recording()
def vote_close(number: int, **envelope: Any) -> None:
    """Close the vote on or after its closing date and record the tally (DCCG).

    \b
    Example:
      dcledger --as chair vote close 1 --on 2021-04-30
    """
    record("vote close", {"amendment": number}, **envelope)


@vote.command("show")
@amendment_argument
@time_options
@json_option
def vote_show(number: int, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """A vote's electorate, tally, turnout, quorum, outcome and dissent.

    \b
    Example:
      dcledger vote show 1 --json
    """
    registry, _ = registry_for(as_of, known_at)
    shown = views.vote_show(registry, number)
    if wants_json(as_json):
        emit_json(shown)
        return
    for key, value in views.vote_words(shown).items():
        click.echo(f"{key}: {value}")


@vote.command("list")
@output_options()
def vote_list(fmt: str) -> None:
    """Every vote opened: its dates, rule, tally and outcome.

    \b
    Example:
      dcledger vote list --format csv
    """
    rows = listings.votes(caught_up().views)
    # For people, a vote opened without a quorum has none, not a quorum of 0: the table
    # says so, CSV leaves the cell empty (as any value a record lacks). JSON keeps "0".
    shown = [r | {"quorum": quorum_cell(r["quorum"], fmt)} for r in rows]
    columns = [
        ("amendment", "amendment"),
        ("opened", "opened_on"),
        ("closes", "closes"),
        ("threshold", "threshold"),
        ("quorum", "quorum"),
        ("electorate", "electorate"),
        ("yes", "yes"),
        ("no", "no"),
        ("abstain", "abstain"),
        ("outcome", "outcome"),
    ]
    render(fmt, shown, columns, document=rows)


def quorum_cell(quorum: str, fmt: str) -> str:
    if fmt == "csv" and not has_quorum(quorum):
        return ""
    return views.quorum_words(quorum)


COMMANDS = [vote]
