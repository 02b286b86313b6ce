"""`dcledger import`: JSON Lines of commands, named and shaped like the CLI's."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dcledger.ledger import policy
from dcledger.ledger.charter_text import parse_charter_markdown, sections_from_text
from dcledger.ledger.commands import all_commands
from dcledger.ledger.documents import load_structured
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.invocation import Invocation
from dcledger.ledger.limits import check_values, parse_json
from dcledger.ledger.textfiles import read_text

ENVELOPE_KEYS = {"command", "as", "on", "evidence", "person", "label"}


# CLI options whose command argument is named otherwise (a repeated option collects a
# list): a line may use either name, as the CLI's help shows the option's.
OPTION_ARGUMENTS = {"review members": {"set_role": "set_roles", "remove": "removals"}}


def cli_option_names(name: str, args: dict[str, Any]) -> dict[str, Any]:
    args = dict(args)
    for option, argument in OPTION_ARGUMENTS.get(name, {}).items():
        if option in args:
            if argument in args:
                raise InvalidInput(f"give {option} or {argument}, not both")
            value = args.pop(option)
            args[argument] = [value] if isinstance(value, str) else value
    return args


def resolve_files(name: str, args: dict[str, Any], base: Path) -> dict[str, Any]:
    """Arguments that name files on the CLI may name them here too, relative to the
    import file; they are read the same way the CLI reads them."""
    args = dict(args)
    for key in ("file", "text_file"):
        if key in args and not isinstance(args[key], str):
            raise InvalidInput(f"{key} must be a file name (a string)")
    section = args.get("section", [])
    if not isinstance(section, str) and not (
        isinstance(section, list) and all(isinstance(s, str) for s in section)
    ):
        raise InvalidInput("section must be a section id or a list of them")
    if name == "coalition propose" and isinstance(args.get("statement"), str):
        args["statement"] = load_structured(base / args["statement"])
    if name == "charter adopt" and "file" in args:
        args["sections"] = parse_charter_markdown(read_text(base / args.pop("file")))
    if name == "amendment propose" and "text_file" in args:
        text = read_text(base / args.pop("text_file"))
        args["sections"] = sections_from_text(args.pop("section", []), text)
    if name == "amendment rebase" and "text_file" in args:
        args["text"] = read_text(base / args.pop("text_file"))
    if name in KEYED and isinstance(args.get("key"), str) and not args["key"].startswith("ssh-"):
        args["key"] = public_key_file(base / args["key"], args.get("handle"))
    return args


KEYED = ("init", "person register", "person add-key")  # as the CLI's --key / PUBFILE


def public_key_file(path: Path, handle: Any) -> str:
    """A `key` that is not the key's own text names its .pub file, read as the CLI does."""
    from dcledger.ledger.integrity import keys  # cryptography: only lines that give a key

    comment = handle if isinstance(handle, str) else ""
    return keys.public_line(keys.read_public(path), comment)


def parse_lines(path: Path) -> list[Invocation]:
    """Every line parsed before anything runs, so a bad line anywhere writes nothing."""
    text = read_text(path, policy.MAX_IMPORT_BYTES)
    labels: dict[str, int] = {}  # label -> the line that named it
    # JSON Lines end at "\n" only: U+2028 or U+0085 may stand unescaped inside a string.
    invocations = [
        parse_line(line, number, path.parent, labels)
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not invocations:
        raise InvalidInput(f"{path} holds no commands")
    return invocations


def parse_line(line: str, number: int, base: Path, labels: dict[str, int]) -> Invocation:
    try:
        entry = parse_json(line)
    except InvalidInput as e:
        raise InvalidInput(f"line {number}: not JSON ({e})") from None
    if not isinstance(entry, dict) or not isinstance(entry.get("command"), str):
        raise InvalidInput(f'line {number}: needs a "command" such as "member join"')
    name = entry["command"]
    if name not in all_commands():
        raise InvalidInput(f"line {number}: unknown command '{name}'")
    args = {k.replace("-", "_"): v for k, v in entry.items() if k not in ENVELOPE_KEYS}
    try:
        check_envelope(entry)
        check_label(entry.get("label"), number, labels)
        check_values(args)
        args = resolve_files(name, cli_option_names(name, args), base)
    except InvalidInput as e:
        raise InvalidInput(f"line {number}: {e}") from None
    return Invocation(
        name=name,
        actor=entry.get("as"),
        args=args,
        on=entry.get("on"),
        evidence=entry.get("evidence"),
        person=entry.get("person"),
        line=number,
        label=entry.get("label"),
    )


def with_defaults(
    invocations: list[Invocation], actor: str | None, on: str | None, evidence: str | None
) -> list[Invocation]:
    """Lines without their own "as", "on" or "evidence" take the command line's (--as,
    --on, --evidence), as every recording command does."""
    return [
        dataclasses.replace(
            invocation,
            actor=actor if invocation.actor is None else invocation.actor,
            on=on if invocation.on is None else invocation.on,
            evidence=evidence if invocation.evidence is None else invocation.evidence,
        )
        for invocation in invocations
    ]


def check_label(label: str | None, number: int, labels: dict[str, int]) -> None:
    """A label names one line: `retract @label` must not depend on which one wins."""
    if label is None:
        return
    if label in labels:
        raise InvalidInput(f"label '{label}' already names line {labels[label]}")
    labels[label] = number


def check_envelope(entry: dict[str, Any]) -> None:
    for key in ENVELOPE_KEYS - {"command"}:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise InvalidInput(f'"{key}" must be a string')
