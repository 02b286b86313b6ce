"""Starting a ledger and the people in it: init, person register/grant/list."""

from __future__ import annotations

from typing import Any

import click

from dcledger.cli.options import (
    caught_up,
    handle_argument,
    output_options,
    record,
    recording,
)
from dcledger.cli.output import render
from dcledger.ledger.vocabulary import OFFICES
from dcledger.projections import listings


@click.command()
@click.option(
    "--secretariat", required=True, metavar="HANDLE", help="The first secretariat person."
)
@click.option("--name", required=True, help="Their full name.")
@click.option("--email", required=True, help="Their email address.")
@recording()
def init(secretariat: str, name: str, email: str, **envelope: Any) -> None:
    """Create a new ledger with its first secretariat person.

    \b
    Example:
      dcledger --ledger dc.db init --secretariat sec --name "IGF Secretariat" \\
        --email sec@igf.example
    """
    record("init", {"secretariat": secretariat, "name": name, "email": email}, **envelope)


@click.group()
def person() -> None:
    """Register persons, grant offices (secretariat), list them.

    \b
    Example:
      dcledger person list
    """


@person.command("register")
@click.argument("handle")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--email", required=True, help="The person's email address (kept private).")
@recording()
def person_register(handle: str, name: str, email: str, **envelope: Any) -> None:
    """Register a person under a unique HANDLE.

    \b
    Example:
      dcledger --as sec person register eve --name "Eve Example" --email eve@example.org
    """
    record("person register", {"handle": handle, "name": name, "email": email}, **envelope)


@person.command("grant")
@handle_argument
@click.option("--office", required=True, type=click.Choice(OFFICES), help="The office to grant.")
@recording()
def person_grant(handle: str, office: str, **envelope: Any) -> None:
    """Grant HANDLE the secretariat or DCCG office.

    \b
    Example:
      dcledger --as sec person grant chair --office dccg
    """
    record("person grant", {"handle": handle, "office": office}, **envelope)


@person.command("list")
@output_options()
def person_list(fmt: str) -> None:
    """Every registered person: handle, name, registration date and offices. Email
    addresses are never shown.

    \b
    Example:
      dcledger person list --format csv > people.csv
    """
    rows = listings.persons(caught_up().views)
    columns = [("handle", "handle"), ("name", "name"), ("registered", "registered_on")]
    render(fmt, rows, [*columns, ("offices", "offices")])


COMMANDS = [init, person]
