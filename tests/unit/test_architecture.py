"""Dependencies point inward: the domain imports neither the read models nor the command
line, nothing imports the composition root but the command line, and no import cycle
exists anywhere in the package."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {
    "ledger": "dcledger.ledger",
    "projections": "dcledger.projections",
    "cli": "dcledger.cli",
    "dcledger": "dcledger",
}


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT)
    parts = [FOLDERS[relative.parts[0]], *relative.parts[1:]]
    name = ".".join(parts).removesuffix(".py")
    return name.removesuffix(".__init__")


def modules() -> dict[str, Path]:
    found = {}
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            found[module_name(path)] = path
    return found


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules this file imports (`from a import b` counts a.b when it is
    a module, else a)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    return {name: set(imported) for name, imported in parsed_graph().items()}


@functools.cache
def parsed_graph() -> dict[str, frozenset[str]]:
    """Read once for the tests of this module: parsing every file is most of their time."""
    mods = modules()
    return {name: frozenset(imports_of(path, set(mods)) - {name}) for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_domain_imports_neither_read_models_nor_cli_nor_the_wiring():
    for name, imported in graph().items():
        if name.startswith("dcledger.ledger"):
            outward = {i for i in imported if not i.startswith("dcledger.ledger")}
            assert not outward, f"{name} imports {outward}"


def test_read_models_do_not_import_the_command_line():
    for name, imported in graph().items():
        if name.startswith("dcledger.projections"):
            assert not {i for i in imported if i.startswith(("dcledger.cli", "dcledger.boot"))}


def test_no_import_cycle_anywhere():
    assert find_cycle(graph()) is None, find_cycle(graph())


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_the_graph_sees_the_layers():
    edges = graph()
    assert "dcledger.ledger.rules.validation" in edges["dcledger.ledger.application"]
    assert "dcledger.projections" in edges["dcledger.bootstrap"]


def test_only_the_storage_adapter_reads_the_recorder():
    allowed = ("dcledger.ledger.event_store", "dcledger.ledger.integrity")
    for name, path in modules().items():
        if not name.startswith(allowed):
            uses = re.findall(r"\.recorder\b(?!s)", path.read_text())
            assert not uses, f"{name} reaches into the event store"


MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def oversized(path: Path) -> list[str]:
    """What in one module is longer than a reader can hold at once."""
    source = path.read_text()
    found = []
    if len(source.splitlines()) > MAX_MODULE_LINES:
        found.append(f"{path.name}: {len(source.splitlines())} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.name}: {node.name}() {length} lines")
    return found


def test_no_module_or_function_is_too_long_to_read_at_once():
    found = [line for path in modules().values() for line in oversized(path)]
    assert not found, found


def test_the_size_check_sees_a_long_function(tmp_path):
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES)
    assert oversized(long) == ["long.py: f() 41 lines"]
