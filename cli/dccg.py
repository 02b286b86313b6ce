"""The Dynamic Coalition Coordination Group's meetings and who attended them."""

from __future__ import annotations

from typing import Any

import click

from dcledger.cli.complete import complete_handle
from dcledger.cli.options import caught_up, output_options, record, recording, slug_argument
from dcledger.cli.output import render
from dcledger.projections import listings


@click.group()
def dccg() -> None:
    """The Dynamic Coalition Coordination Group's monthly meetings.

    \b
    Example:
      dcledger dccg list
    """


@dccg.command("meeting")
@recording()
def dccg_meeting(**envelope: Any) -> None:
    """Record that the DCCG met on --on DATE.

    \b
    Example:
      dcledger --as chair dccg meeting --on 2024-05-14
    """
    record("dccg meeting", {}, **envelope)


@dccg.command("attend")
@slug_argument
@click.option(
    "--by",
    required=True,
    metavar="HANDLE",
    shell_complete=complete_handle,
    help="The co-coordinator or appointed representative who attended.",
)
@recording()
def dccg_attend(slug: str, by: str, **envelope: Any) -> None:
    """Record a coalition's attendance at the DCCG meeting of --on DATE.

    \b
    Example:
      dcledger --as chair dccg attend dc-irpc --by ana --on 2024-05-14
    """
    record("dccg attend", {"slug": slug, "by": by}, **envelope)


@dccg.command("list")
@output_options()
def dccg_list(fmt: str) -> None:
    """Every DCCG meeting, oldest first, with the coalitions that attended.

    \b
    Example:
      dcledger dccg list --format csv
    """
    rows = listings.dccg_meetings(caught_up().views)
    columns = [
        ("date", "date"),
        ("held by", "held_by"),
        ("attended", "attended"),
        ("coalitions", lambda r: ", ".join(r["coalitions"])),
    ]
    render(fmt, rows, columns)


COMMANDS = [dccg]
