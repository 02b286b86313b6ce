"""The `dcledger` group: global options, the session object, errors as one line."""

from __future__ import annotations

from pathlib import Path

import click

from dcledger.cli import (
    amendments,
    audit,
    charter,
    coalitions,
    dccg,
    history,
    integrity,
    members,
    people,
    publish,
    reports,
    review,
    votes,
)
from dcledger.cli.errors import USAGE_MESSAGE, printable, refusal
from dcledger.cli.session import Session


class LedgerGroup(click.Group):
    """Turns every failure into one printable `Error: ...` line on stderr: exit status 1
    for refusals, 2 for usage mistakes (click's), and never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as e:
            e.message = printable(e.message, USAGE_MESSAGE)
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as e:  # usage mistakes in a subcommand's arguments
            e.message = printable(e.message, USAGE_MESSAGE)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise  # click ends these quietly (a closed pipe: `review 2025 | head -1`)
        except Exception as e:
            raise refusal(e) from None


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
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Your OpenSSH Ed25519 private key, which signs what you record "
    "(default: $DCLEDGER_KEY, else ~/.config/dcledger/keys/HANDLE).",
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
def cli(
    ctx: click.Context,
    ledger: str,
    actor: str | None,
    key_file: Path | None,
    as_json: bool,
    views: Path | None,
):
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
    session = Session(ledger=ledger, actor=actor, as_json=as_json, views=views, key_file=key_file)
    ctx.obj = session
    ctx.call_on_close(session.close)


def register_commands(root: click.Group) -> None:
    """Every command group, from the modules that define them (one module per group)."""
    for module in COMMAND_MODULES:
        for command in module.COMMANDS:
            root.add_command(command)


COMMAND_MODULES = (
    audit,
    integrity,
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
