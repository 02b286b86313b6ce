"""Every recording command, by its CLI name. The CLI and `import` both run these.

A command's module is imported when the command first runs: each module defines the
aggregates it records on, and a process recording a join need not define the charter's.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

from dcledger.ledger.commands import context
from dcledger.ledger.commands.context import COMMANDS, CommandFn, Context

if TYPE_CHECKING:
    from dcledger.ledger.application import UnitOfWork
    from dcledger.ledger.invocation import Invocation

# A command's first word -> the module defining the commands that begin with it.
MODULE_OF_WORD = {
    "amendment": "charter",
    "charter": "charter",
    "vote": "charter",
    "coalition": "coalitions",
    "retract": "coalitions",
    "coordinator": "membership",
    "member": "membership",
    "representative": "membership",
    "dccg": "obligations",
    "meeting": "obligations",
    "output": "obligations",
    "report": "obligations",
    "review": "obligations",
    "init": "people",
    "person": "people",
}

__all__ = ["COMMANDS", "Context", "all_commands", "invoke"]


def load_for(name: str) -> None:
    module = MODULE_OF_WORD.get(name.split(" ", 1)[0])
    if name not in COMMANDS and module is not None:
        importlib.import_module(f"{__name__}.{module}")


@functools.cache
def all_commands() -> dict[str, CommandFn]:
    """Every command by name, each module loaded (once: an import asks for every line)."""
    for module in sorted(set(MODULE_OF_WORD.values())):
        importlib.import_module(f"{__name__}.{module}")
    return COMMANDS


def invoke(uow: UnitOfWork, invocation: Invocation) -> dict[str, Any]:
    load_for(invocation.name)
    return context.invoke(uow, invocation)
