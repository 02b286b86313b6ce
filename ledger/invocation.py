"""A command as a user or an import line gives it, and what recording it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Invocation:
    """One command as a user or an import line gives it."""

    name: str
    actor: str | None
    args: dict[str, Any] = field(default_factory=dict)
    on: str | None = None
    evidence: str | None = None
    person: str | None = None
    line: int | None = None
    label: str | None = None  # an import line's name, for a later `retract @label`


def runner_of(invocations: list[Invocation], actor: str | None) -> str | None:
    """Who runs (and signs) a batch of commands: the person named with --as, else the
    recorder of its first line (for `init`, the secretariat it names)."""
    return actor or (invocations[0].actor if invocations else None)


@dataclass(frozen=True)
class Outcome:
    results: list[dict[str, Any]]
    events: list[tuple[int, str]]  # (event id, topic)
