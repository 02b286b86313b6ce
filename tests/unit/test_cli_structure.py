"""The command line's shape: one module per command group without cycles, help that
teaches, and a reference that matches the help."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dcledger.cli import main
from dcledger.cli.main import cli
from dcledger.cli.reference import reference

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "cli"
# Shared helpers any command module may use; every other module under cli/ (except the
# root, main.py, which assembles them) defines command groups.
SHARED = {
    "options",
    "output",
    "complete",
    "session",
    "__init__",
    "__main__",
    "reference",
    "signing_keys",
    "index",
    "errors",
}


def cli_imports(path: Path) -> set[str]:
    """The cli modules a module imports (`dcledger.cli.X` or `from dcledger.cli import X`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "dcledger.cli":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("dcledger.cli."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("dcledger.cli."):
                    found.add(alias.name.split(".")[2])
    return found


def import_graph() -> dict[str, set[str]]:
    return {stem: set(imports) for stem, imports in parsed_import_graph().items()}


@functools.cache
def parsed_import_graph() -> dict[str, frozenset[str]]:
    return {p.stem: frozenset(cli_imports(p)) for p in sorted(CLI.glob("*.py"))}


def command_modules() -> set[str]:
    return set(import_graph()) - SHARED - {"main"}


def test_the_import_graph_is_read_from_the_source():
    graph = import_graph()
    assert {"people", "coalitions", "members", "review", "history"} <= command_modules()
    assert command_modules() == set(main.COMMAND_MODULES)  # main registers every group
    assert "options" in graph["people"]


def test_command_modules_do_not_import_each_other():
    modules = command_modules()
    for module, imports in import_graph().items():
        if module in modules:
            assert not imports & modules, f"cli/{module}.py imports {imports & modules}"
            assert "main" not in imports, f"cli/{module}.py imports main"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as a path, or None (depth-first search with colours)."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path, node, nxt]
            if nxt not in state and (cycle := visit(nxt, [*path, node])):
                return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node, [])):
            return cycle
    return None


def test_no_import_cycle_under_cli():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_group_is_registered_from_main():
    registered = {command.name for command in cli.commands.values()}
    defined = {c.name for m in main.COMMAND_MODULES for c in main.command_module(m).COMMANDS}
    assert registered == defined
    assert len(registered) == 27


def every_command(group: click.Group = cli, path: tuple[str, ...] = ("dcledger",)):
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(every_command())


def test_the_walk_sees_every_command():
    assert len(COMMANDS) == 83


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_an_example_and_every_option_help(path, command):
    result = CliRunner().invoke(cli, [*path[1:], "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().startswith("Example")]
    assert starts, f"{' '.join(path)} --help has no example"
    example = lines[starts[0] + 1]
    assert example.startswith("    dcledger "), f"{' '.join(path)}: not an example: {example!r}"
    assert "\b\n" in command.help  # the example block keeps its line breaks
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"{' '.join(path)} {param.opts[0]} has no help"


def test_review_help_shows_review_year():
    result = CliRunner().invoke(cli, ["review", "--help"])
    assert result.stdout.startswith(
        "Usage: cli review [OPTIONS] YEAR [--format F] | COMMAND [ARGS]...\n"
    )
    assert "    dcledger review 2024\n" in result.stdout
    assert "  show*    The secretariat's yearly review of YEAR" in result.stdout


def test_the_cli_reference_is_current():
    """If this fails, run: python -m dcledger.cli.reference > docs/cli-reference.md"""
    assert (ROOT / "docs" / "cli-reference.md").read_text() == reference()


def test_the_command_index_is_current():
    from dcledger.cli.index import index_json

    committed = (CLI / "command_index.json").read_text()
    assert committed == index_json(), "run: python -m dcledger.cli.index > cli/command_index.json"


def test_help_lists_every_command_without_loading_the_ledger():
    from tests.fresh_process import modules_loaded

    probe = (
        "from dcledger.cli.main import cli; from click.testing import CliRunner\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0"
    )
    heavy = ("eventsourcing", "pydantic", "dcledger.ledger.", "dcledger.projections", "rich")
    loaded = modules_loaded(probe, *heavy, "sqlite_utils")
    assert [m for m in loaded if m != "dcledger.ledger.errors"] == []
