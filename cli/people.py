"""Starting a ledger and the people in it: init, person register/grant/list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.options import (
    EXISTING_FILE,
    caught_up,
    handle_argument,
    output_options,
    record,
    record_with_key,
    recording,
    wants_json,
)
from dcledger.cli.output import render, report_recorded
from dcledger.ledger.invocation import Invocation
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
@click.option(
    "--key",
    "public_key",
    type=EXISTING_FILE,
    metavar="PUBFILE",
    help="Their OpenSSH public key (ssh-ed25519 ...); default: a new key pair in your "
    "config folder, for a demo on one machine.",
)
@recording()
def person_register(
    handle: str, name: str, email: str, public_key: Path | None, **envelope: Any
) -> None:
    """Register a person under a unique HANDLE, with the key they sign with.

    \b
    Example:
      dcledger --as sec person register eve --name "Eve Example" --email eve@example.org \\
        --key eve_id_ed25519.pub
    """
    args = {"handle": handle, "name": name, "email": email}
    record_with_key("person register", args, public_key, **envelope)


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


@person.command("add-key")
@click.argument("handle")
@click.argument("public_key", metavar="[PUBFILE]", required=False, type=EXISTING_FILE)
@recording()
def add_key(handle: str, public_key: Path | None, **envelope: Any) -> None:
    """Give HANDLE another signing key (themselves, or the secretariat).

    \b
    Example:
      dcledger --as sec person add-key ana ~/ana_id_ed25519.pub
    Without PUBFILE a new key pair is made in your config folder (a demo on one machine).
    """
    record_with_key("person add-key", {"handle": handle}, public_key, **envelope)


@person.command("revoke-key")
@click.argument("handle")
@click.argument("fingerprint")
@recording()
def revoke_key(handle: str, fingerprint: str, **envelope: Any) -> None:
    """Revoke one of HANDLE's keys: it signs nothing recorded after this, whatever date.

    \b
    Example:
      dcledger --as sec person revoke-key ana SHA256:abc... --on 2024-05-01
    """
    session = click.get_current_context().obj
    as_json = envelope.pop("as_json")
    args = {"handle": handle, "fingerprint": fingerprint}
    outcome = session.record_all([Invocation("person revoke-key", session.actor, args, **envelope)])
    report_recorded(outcome, wants_json(as_json), None)


COMMANDS = [init, person]
