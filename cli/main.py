"""The `dcledger` group: global options, the session object, errors as one line."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from types import ModuleType

import click

from dcledger.cli.errors import USAGE_MESSAGE, printable, refusal


def read_index() -> dict[str, tuple[str, str]]:
    """Command name -> (its module, the first paragraph of its help); see cli/index.py."""
    text = (Path(__file__).with_name("command_index.json")).read_text(encoding="utf-8")
    return {name: (module, help_) for name, (module, help_) in json.loads(text).items()}


INDEX = read_index()


class LedgerGroup(click.Group):
    """Turns every failure into one printable `Error: ...` line on stderr: exit status 1
    for refusals, 2 for usage mistakes (click's), and never a traceback.

    Command groups load when they are run, not before: `dcledger --help` lists them from
    an index (`command_index.json`, generated, and checked to be current by a test), so it
    answers without importing the ledger's layers."""

    @property
    def commands(self) -> dict[str, click.Command]:  # every group, loaded (tests, completion)
        for name in INDEX:
            self.get_command(None, name)  # type: ignore[arg-type]
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = dict(value)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(INDEX)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._loaded and cmd_name in INDEX:
            module = command_module(INDEX[cmd_name][0])
            for command in module.COMMANDS:
                self._loaded[command.name] = command
        return self._loaded.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not INDEX:
            return
        limit = formatter.width - 6 - max(len(name) for name in INDEX)
        # A stand-in command per entry shortens its help exactly as the real one would.
        rows = [(n, click.Command(n, help=INDEX[n][1]).get_short_help_str(limit)) for n in INDEX]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as e:
            shorten(e)
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as e:  # usage mistakes in a subcommand's arguments
            shorten(e)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise  # click ends these quietly (a closed pipe: `review 2025 | head -1`)
        except Exception as e:
            raise refusal(e) from None


def shorten(error: click.ClickException) -> None:
    """A usage mistake's message on one short line; but a group run without a command
    shows its help, whole (click raises that as a usage error too)."""
    if not isinstance(error, click.exceptions.NoArgsIsHelpError):
        error.message = printable(error.message, USAGE_MESSAGE)


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
    from dcledger.cli.session import Session  # the ledger's layers, once a command runs

    session = Session(ledger=ledger, actor=actor, as_json=as_json, views=views, key_file=key_file)
    ctx.obj = session
    ctx.call_on_close(session.close)


# One module per command group, each listing its commands in COMMANDS.
COMMAND_MODULES = (
    "audit",
    "integrity",
    "people",
    "coalitions",
    "members",
    "reports",
    "dccg",
    "review",
    "charter",
    "amendments",
    "votes",
    "history",
    "publish",
)


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"dcledger.cli.{name}")


def main() -> None:
    # dcledger uses no pydantic plugins, and looking for them reads the metadata of every
    # installed distribution: about 25 ms of each recording command's start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="dcledger")
