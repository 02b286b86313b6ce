"""The `dcledger` group: global options, the session object, errors as one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from eventsourcing.persistence import PersistenceError

from dcledger.cli import (
    amendments,
    charter,
    coalitions,
    dccg,
    history,
    members,
    people,
    publish,
    reports,
    review,
    votes,
)
from dcledger.cli.session import Session
from dcledger.ledger.errors import LedgerError


class LedgerGroup(click.Group):
    """Turns every foreseeable failure into `Error: ...` on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LedgerError as e:
            raise click.ClickException(str(e)) from None
        except PersistenceError as e:
            raise click.ClickException(f"the ledger could not be used: {e}") from None
        except sqlite3.Error as e:
            raise click.ClickException(f"the read models could not be used: {e}") from None
        except OSError as e:
            raise click.ClickException(str(e)) from None


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--ledger",
    envvar="DCLEDGER_LEDGER",
    default="dcledger.db",
    show_default=True,
    metavar="LOCATION",
    help="A SQLite file, or a postgresql://user@host:port/db URL "
    "(add ?schema=NAME to use a schema). Env: DCLEDGER_LEDGER.",
)
@click.option(
    "--as",
    "actor",
    envvar="DCLEDGER_AS",
    metavar="HANDLE",
    help="The person recording the command. Env: DCLEDGER_AS.",
)
@click.option("--json", "as_json", is_flag=True, help="Show results as one JSON document.")
@click.option(
    "--views",
    envvar="DCLEDGER_VIEWS",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Read-model SQLite file (default: LEDGER.views.db beside a SQLite ledger). "
    "Env: DCLEDGER_VIEWS.",
)
@click.version_option(package_name="dcledger")
@click.pass_context
def cli(ctx: click.Context, ledger: str, actor: str | None, as_json: bool, views: Path | None):
    """dcledger: the event-sourced ledger of the IGF Dynamic Coalitions.

    Every action under the DC Charter (recognitions, membership, reports, meetings,
    outputs, DCCG attendance, charter amendments and votes) is recorded as an immutable
    event; every view is rebuilt from that log.

    \b
    Example: start a ledger, then record as someone:
      dcledger init --secretariat sec --name "IGF Secretariat" --email sec@igf.example
      dcledger --as sec coalition propose --statement data/statements/dc-irpc.json
      dcledger --as sec coalition recognize dc-irpc
      dcledger status --json
    """
    session = Session(ledger=ledger, actor=actor, as_json=as_json, views=views)
    ctx.obj = session
    ctx.call_on_close(session.close)


def register_commands(root: click.Group) -> None:
    """Every command group, from the modules that define them (one module per group)."""
    for module in COMMAND_MODULES:
        for command in module.COMMANDS:
            root.add_command(command)


COMMAND_MODULES = (
    people,
    coalitions,
    members,
    reports,
    dccg,
    review,
    charter,
    amendments,
    votes,
    history,
    publish,
)
register_commands(cli)


def main() -> None:
    cli(prog_name="dcledger")
