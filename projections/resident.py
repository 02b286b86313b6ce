"""Which folded states a catch-up keeps in memory between batches.

A rebuild folds every record of the log; keeping each state it folded until the end
would make its memory grow with the history (as many person states as members, and
coalition states as large as their members and activities). After each batch the engine
keeps the states of the records touched most recently only, up to `policy.STATES_KEPT`,
and stores the others' snapshots first: a state dropped here is read back from its
snapshot, brought forward, exactly as another process would read it.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any


def touched(states: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` as the most recently touched (dicts keep insertion order)."""
    states.pop(key, None)
    states[key] = value


def oldest(states: Mapping[str, Any], kept: int) -> list[str]:
    """The keys beyond the `kept` most recently touched, least recent first."""
    surplus = len(states) - kept
    return list(states)[:surplus] if surplus > 0 else []


def shed(
    states: dict[str, tuple[Any, str]],
    positions: MutableMapping[str, int],
    behind: MutableMapping[str, int],
    kept: int,
) -> dict[str, tuple[Any, int, str]]:
    """Drop the states beyond the `kept` most recently touched; return, as
    `snapshots.write` takes them, those with facts folded in since their snapshot was
    stored: they must be stored before they are forgotten."""
    gone = oldest(states, kept)
    due = {k: (states[k][0], positions[k], states[k][1]) for k in gone if behind.get(k)}
    for key in gone:
        del states[key]
        positions.pop(key, None)
        behind.pop(key, None)
    return due
