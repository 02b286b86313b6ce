"""`person add-key` and `person revoke-key`, and recording a command that adds a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.output import report_recorded, wants_json
from dcledger.cli.record import EXISTING_FILE, person, recording
from dcledger.cli.signing_keys import NewKeys
from dcledger.ledger.application import Invocation


def record_with_key(command: str, args: dict[str, Any], public_key: Path | None, **envelope):
    """Record `command` with the person's public key; a key pair made for it is saved
    only once the command is recorded."""
    session = click.get_current_context().obj
    as_json = envelope.pop("as_json")
    made = NewKeys()
    args = {**args, "key": made.public_for_person(args["handle"], public_key)}
    outcome = session.record_all([Invocation(command, session.actor, args, **envelope)])
    made.save()
    report_recorded(outcome, wants_json(as_json), None)


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
    """Revoke one of HANDLE's keys: it signs nothing dated on or after --on.

    \b
    Example:
      dcledger --as sec person revoke-key ana SHA256:abc... --on 2024-05-01
    """
    session = click.get_current_context().obj
    as_json = envelope.pop("as_json")
    args = {"handle": handle, "fingerprint": fingerprint}
    outcome = session.record_all([Invocation("person revoke-key", session.actor, args, **envelope)])
    report_recorded(outcome, wants_json(as_json), None)
