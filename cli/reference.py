"""The CLI reference, generated from every command's --help.

    python -m dcledger.cli.reference > docs/cli-reference.md

A test checks that docs/cli-reference.md is what this prints, so the reference cannot
drift from the commands."""

from __future__ import annotations

from collections.abc import Iterator

import click

from dcledger.cli.main import cli

WIDTH = 88  # fixed, so the reference does not depend on the terminal it was made in

HEADER = """# dcledger command reference

Generated from `--help` by `python -m dcledger.cli.reference > docs/cli-reference.md`;
do not edit by hand (a test checks that it is current).
"""


def walk(
    command: click.Command, path: tuple[str, ...], parent: click.Context | None
) -> Iterator[tuple[tuple[str, ...], click.Context]]:
    """Every visible command, depth first, each with the context its help is shown in."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = click.Context(command, info_name=path[-1], parent=parent, **settings)
    yield path, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, (*path, name), ctx)


def reference() -> str:
    parts = [HEADER]
    for path, ctx in walk(cli, ("dcledger",), None):
        level = "#" * min(len(path) + 1, 4)
        parts.append(f"{level} {' '.join(path)}\n\n```\n{ctx.command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
