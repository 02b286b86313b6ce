"""The base of every state model, and how a state is copied, stored and read back.

States are msgspec structs rather than pydantic models: a fold builds and changes them
once per event, a snapshot is read back per query, and neither needs validation (the
rule layer decides, the fold accepts whatever the log holds). Structs cost a recording
command no pydantic import and read a stored state several times faster.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

S = TypeVar("S", bound="StateModel")

field = msgspec.field


class StateModel(msgspec.Struct, kw_only=True):
    """Every field by keyword: each subclass says `kw_only=True` too (msgspec applies it
    to the fields a class defines), so a required field may follow one with a default."""


# LEAF: the many small parts of a state (members, reports, activities, ballots, sections)
# say `gc=False`: they hold only text, dates and lists of text, so they can never be part
# of a reference cycle, and the garbage collector need not track them. A large coalition
# holds tens of thousands; reading its stored state back is then about a third faster.
# The two most numerous, members and activities, also say `array_like=True`: stored as
# arrays of values instead of objects that repeat every field name, a coalition's state
# is about half as long and reads back faster again (the tables, not the snapshots,
# are what people read; `plain` of a state gives these as lists).


_ENCODER = msgspec.json.Encoder()


def encoded(state: StateModel) -> str:
    """The state as JSON text: dates as YYYY-MM-DD, enumerations as their values."""
    return _ENCODER.encode(state).decode()


def decoded(cls: type[S], text: str | bytes) -> S:
    """A state read back from `encoded` text (fields it does not know are ignored)."""
    return msgspec.json.decode(text, type=cls)


def copied(state: S) -> S:
    """A deep copy: later events change the copy's members and lists, not the original's."""
    return msgspec.json.decode(_ENCODER.encode(state), type=type(state))


def plain(state: StateModel) -> dict[str, Any]:
    """The state as JSON-ready builtins (dates as text, enumerations as values)."""
    return msgspec.to_builtins(state)


def from_plain(cls: type[S], data: dict[str, Any]) -> S:
    """A state from JSON-ready builtins, as `plain` gives them (dates as YYYY-MM-DD)."""
    return msgspec.convert(data, type=cls)
