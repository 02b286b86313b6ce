"""Writes `command_index.json`: each top-level command's module and the first paragraph
of its help, so `dcledger --help` lists commands without loading them.

    python -m dcledger.cli.index > cli/command_index.json

A test checks that the committed index is what this prints."""

from __future__ import annotations

import inspect
import json

import click

from dcledger.cli.main import COMMAND_MODULES, command_module


def first_paragraph(command: click.Command) -> str:
    text = inspect.cleandoc(command.short_help or command.help or "")
    return " ".join(text.split("\n\n")[0].split())


def index_json() -> str:
    index = {
        command.name: [module_name, first_paragraph(command)]
        for module_name in COMMAND_MODULES
        for command in command_module(module_name).COMMANDS
    }
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(index_json(), end="")
