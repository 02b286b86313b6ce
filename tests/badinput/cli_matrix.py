"""Bad invocations of every command and option, found by walking the click tree, so a
new command or option is covered without editing this file."""

from __future__ import annotations

from collections.abc import Iterator

import click

from dcledger.cli.main import cli
from tests.badinput.cases import (
    REFUSED,
    USAGE,
    Case,
    choice_values,
    date_values,
    int_values,
    text_values,
)
from tests.badinput.workspace import Workspace

DATE_PARAMS = {"on", "until", "closes", "as_of", "known_at"}
# A plausible value per parameter name, so each case differs from a valid call in one place.
PLAIN = {
    "slug": "dc-example",
    "handle": "ana",
    "year": "2020",
    "number": "1",
    "event_id": "3",
    "old": "1",
    "new": "1",
    "secretariat": "sec",
    "name": "N",
    "email": "n@example.org",
    "by": "ana",
    "person": "bo",
    "quorum": "1/4",
    "limit": "5",
    "set_roles": "dc-example:bo:observer",
    "removals": "dc-example:bo",
    "sections": "obligations",
    "message_id": "<m@x>",
    "url": "https://example.org/r",
    "base_url": "https://dc.example.org/",
}
# Options that are alternatives (giving both is a usage mistake): a valid call gives the
# first, or the second when the second is the one a case is about.
ALTERNATIVES = {"prove": ("event_id", "from_file"), "report file": ("url", "file")}
# A flag that is the alternative of an option a valid call gives.
FLAG_ALTERNATIVES = {"output record": "--no-dissent"}
# Folders a command writes into (export, publish): a new or an empty folder is a good
# value there, so only what is not a folder is a bad one.
OUTPUT_FOLDERS = {"folder"}


def leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def plain_value(param: click.Parameter, w: Workspace) -> str:
    if isinstance(param.type, click.Choice):
        return str(param.type.choices[0])
    if param.name in OUTPUT_FOLDERS:
        return str(w.folder / "output")
    if isinstance(param.type, click.Path) or param.name in ("statement_file", "text_file"):
        if param.name == "statement_file":
            return str(w.statement)
        return str(w.charter if param.name == "file" else w.text)
    if param.name in DATE_PARAMS:
        return "2020-01-01"
    if isinstance(param.type, click.types.IntParamType):
        return PLAIN.get(param.name or "", "1")
    return PLAIN.get(param.name or "", "text")


def valued(command: click.Command) -> list[click.Parameter]:
    """The parameters that take a value (arguments, and options that are not flags)."""
    return [
        p
        for p in command.params
        if p.name != "help" and not (isinstance(p, click.Option) and (p.is_flag or p.count))
    ]


def render(command: click.Command, w: Workspace, swap: dict[str, str], label: str) -> list[str]:
    """The command's arguments and options with plain values, some swapped for others."""
    args, opts = [], []
    first, second = ALTERNATIVES.get(label, ("", ""))
    left_out = first if second in swap else second
    for param in valued(command):
        if param.name == left_out:
            continue
        value = swap.get(param.name or "")
        if value is None:
            value = plain_value(param, w)
        if isinstance(param, click.Argument):
            args.append(value)
        else:
            opts += [param.opts[0], value]
    return [*args, *opts]


def bad_values(param: click.Parameter, w: Workspace) -> list[tuple[str, int]]:
    name = param.name or ""
    if isinstance(param.type, click.Choice):
        return choice_values()
    if name in OUTPUT_FOLDERS:
        return [(str(f), REFUSED) for f in (w.fifo, w.bad_utf8, w.nul)] + [("a\x00b", REFUSED)]
    if isinstance(param.type, click.Path) or name in ("statement_file", "text_file", "file"):
        files = [w.missing, w.folder_path, w.fifo, w.bad_utf8, w.nul, w.huge]
        return [(str(f), REFUSED) for f in files] + [("a\x00b", REFUSED)]
    if isinstance(param.type, click.types.IntParamType | click.IntRange):
        return int_values(name)
    if name in DATE_PARAMS:
        return date_values(name)
    return text_values(name)


def command_cases(path: tuple[str, ...], command: click.Command, w: Workspace) -> list[Case]:
    label = " ".join(path)
    actor = ["--as", "sec"]
    plain = render(command, w, {}, label)
    cases = [
        Case(f"{label}: unknown option", [*actor, *path, *plain, "--no-such"], USAGE),
        Case(f"{label}: extra argument", [*actor, *path, *plain, "extra"], USAGE),
    ]
    if label in ALTERNATIVES:
        second = next(p for p in valued(command) if p.name == ALTERNATIVES[label][1])
        both = [*plain, second.opts[0], plain_value(second, w)]
        cases.append(Case(f"{label}: both alternatives", [*actor, *path, *both], USAGE))
    if label in FLAG_ALTERNATIVES:
        both = [*plain, FLAG_ALTERNATIVES[label]]
        cases.append(Case(f"{label}: both alternatives", [*actor, *path, *both], USAGE))
    for param in valued(command):
        if isinstance(param, click.Option):
            rest = render(command, w, {param.name or "": plain_value(param, w)}, label)
            at = rest.index(param.opts[0])
            # the option last, without its value
            cut = rest[:at] + rest[at + 2 :] + [param.opts[0]]
            cases.append(
                Case(f"{label}: {param.opts[0]} without a value", [*actor, *path, *cut], USAGE)
            )
            if param.required:
                cases.append(
                    Case(
                        f"{label}: without {param.opts[0]}",
                        [*actor, *path, *rest[:at], *rest[at + 2 :]],
                        USAGE,
                    )
                )
        for value, expect in bad_values(param, w):
            if value.startswith("-") and isinstance(param, click.Argument):
                expect = USAGE  # click reads it as an option
            if value.startswith("-") and isinstance(param.type, click.IntRange):
                expect = USAGE  # below the range click checks
            args = render(command, w, {param.name or "": value}, label)
            shown = repr(value[:30])
            cases.append(Case(f"{label}: {param.name}={shown}", [*actor, *path, *args], expect))
    return cases


def global_cases(w: Workspace) -> list[Case]:
    register = ["person", "register", "zed", "--name", "Zed", "--email", "zed@example.org"]
    cases = [
        Case(f"--as {v[:20]!r}", ["--as", v, *register], expect)
        for v, expect in text_values("actor")
    ]
    cases += [
        Case("no such command", ["frobnicate"], USAGE),
        Case("no such subcommand", ["coalition", "frobnicate"], USAGE),
        Case("review: a year that is no number", ["review", "twenty"], USAGE),
    ]
    cases += [Case(f"review {y}", ["review", y], REFUSED) for y in [*BAD_REVIEW, *BIG]]
    return cases


BAD_REVIEW = ["0", "1", "1800", "2005", "9999", "10000", "2100"]
BIG = ["99999999999999999999"]


def cli_cases(w: Workspace) -> list[Case]:
    cases = global_cases(w)
    for path, command in leaf_commands(cli):
        cases += command_cases(path, command, w)
    return cases
