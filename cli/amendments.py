"""Charter amendments: proposing, discussing, agreeing, withdrawing, rebasing,
incorporating, and showing and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.options import (
    EXISTING_FILE,
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
from dcledger.ledger.charter_text import sections_from_text
from dcledger.ledger.textfiles import read_text
from dcledger.projections import charter as views
from dcledger.projections import listings


@click.group()
def amendment() -> None:
    """Charter amendments: propose, discuss, agree, withdraw, rebase, incorporate.

    \b
    Example:
      dcledger amendment list
    """


@amendment.command("propose")
@click.option(
    "--section",
    "sections",
    required=True,
    multiple=True,
    metavar="ID",
    help="A section id the amendment changes (repeatable; see 'charter show').",
)
@click.option(
    "--text-file",
    required=True,
    type=EXISTING_FILE,
    help="The new text (with several sections: one '## ' block per section).",
)
@click.option("--rationale", required=True, help="Why the charter should change.")
@click.option("--message-id", required=True, help="Where it was posted on the mailing list.")
@recording(person=True)
def amendment_propose(
    sections: tuple[str, ...], text_file: Path, rationale: str, message_id: str, **envelope: Any
) -> None:
    """Propose an amendment (full members); prints its number.

    \b
    Example:
      dcledger --as ana amendment propose --section obligations --text-file new.md \\
        --rationale "extensions need a limit" --message-id "<a1@lists.example.org>"
    """
    texts = sections_from_text(list(sections), read_text(text_file))
    args = {"sections": texts, "rationale": rationale, "message_id": message_id}
    record("amendment propose", args, headline="amendment", **envelope)


@amendment.command("discuss")
@amendment_argument
@click.option("--ref", required=True, help="A mailing-list message or DCCG meeting.")
@recording()
def amendment_discuss(number: int, ref: str, **envelope: Any) -> None:
    """Attach a discussion reference.

    \b
    Example:
      dcledger --as chair amendment discuss 1 --ref "DCCG meeting 2021-02-10"
    """
    record("amendment discuss", {"amendment": number, "ref": ref}, **envelope)


@amendment.command("consensus")
@amendment_argument
@recording()
def amendment_consensus(number: int, **envelope: Any) -> None:
    """Record that consensus was reached (DCCG).

    \b
    Example:
      dcledger --as chair amendment consensus 1
    """
    record("amendment consensus", {"amendment": number}, **envelope)


@amendment.command("withdraw")
@amendment_argument
@click.option("--reason", required=True, help="Why, in a sentence (kept in the log).")
@recording()
def amendment_withdraw(number: int, reason: str, **envelope: Any) -> None:
    """Withdraw an amendment (its proposer or the DCCG).

    \b
    Example:
      dcledger --as ana amendment withdraw 1 --reason "superseded by amendment 2"
    """
    record("amendment withdraw", {"amendment": number, "reason": reason}, **envelope)


@amendment.command("rebase")
@amendment_argument
@click.option(
    "--text-file", required=True, type=EXISTING_FILE, help="The text restated for the new version."
)
@recording()
def amendment_rebase(number: int, text_file: Path, **envelope: Any) -> None:
    """Restate the amendment's text against the current charter version.

    \b
    Example:
      dcledger --as ana amendment rebase 1 --text-file restated.md
    """
    record("amendment rebase", {"amendment": number, "text": read_text(text_file)}, **envelope)


@amendment.command("incorporate")
@amendment_argument
@recording()
def amendment_incorporate(number: int, **envelope: Any) -> None:
    """Write a ratified amendment into the next charter version (DCCG).

    \b
    Example:
      dcledger --as chair amendment incorporate 1
    """
    record("amendment incorporate", {"amendment": number}, **envelope)


@amendment.command("show")
@amendment_argument
@time_options
@json_option
def amendment_show(number: int, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """The whole story of one amendment, dissent included.

    \b
    Example:
      dcledger amendment show 1
    """
    registry, _ = registry_for(as_of, known_at)
    story = views.amendment_show(registry, number)
    if wants_json(as_json):
        emit_json(story)
        return
    click.echo(f"Amendment {number}: {story['status']}")
    click.echo(
        f"proposed by {story['proposer']} on {story['proposed_on']} against version "
        f"{story['base_version']} (message {story['message_id']})"
    )
    click.echo(f"sections: {', '.join(story['sections'])}\nrationale: {story['rationale']}")
    for d in story["discussion"]:
        click.echo(f"discussed {d['on']}: {d['ref']}")
    if story["consensus_on"]:
        click.echo(f"consensus {story['consensus_on']} ({story['consensus_by']})")
    if story["withdrawn_reason"]:
        click.echo(f"withdrawn: {story['withdrawn_reason']}")
    if story["earlier_votes"]:
        click.echo(views.earlier_votes_words(len(story["earlier_votes"])))
    if story["vote"]:
        v = story["vote"]
        click.echo(
            f"vote {v['opened_on']}..{v['closes']}: yes {v['yes']}, no {v['no']}, "
            f"abstain {v['abstain']} of {v['electorate']} -> {v['outcome']}"
        )
        for statement in v["dissent"]:
            click.echo(f"dissent: {statement}")
    if story["incorporated_version"]:
        click.echo(f"incorporated as version {story['incorporated_version']}")


@amendment.command("list")
@output_options()
def amendment_list(fmt: str) -> None:
    """Every amendment: its status, proposer, sections and vote outcome.

    \b
    Example:
      dcledger amendment list --format json
    """
    rows = listings.amendments(caught_up().views)
    columns = [
        ("number", "number"),
        ("status", "status"),
        ("proposer", "proposer"),
        ("proposed", "proposed_on"),
        ("sections", lambda r: ", ".join(r["sections"])),
        ("outcome", "outcome"),
        ("version", "incorporated_version"),
    ]
    render(fmt, rows, columns)


COMMANDS = [amendment]
