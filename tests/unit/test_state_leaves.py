"""The parts of a state that the garbage collector does not track (`gc=False`) hold only
values that cannot refer back to them: a field added later must keep it so."""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum

import msgspec

from dcledger.ledger.state import Activity, Ballot, Member, Report, Section

LEAVES = (Member, Report, Activity, Ballot, Section)
PLAIN = (str, int, bool, date, type(None))


def plain(hint: typing.Any) -> bool:
    """Text, numbers, dates, enumerations, None, or a list or tuple of text."""
    if isinstance(hint, type) and issubclass(hint, (*PLAIN, Enum)):
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return all(plain(a) for a in args)
    return (origin is list and args == (str,)) or (origin is tuple and args == (str, ...))


def test_every_untracked_part_holds_only_plain_values():
    for leaf in LEAVES:
        assert leaf.__struct_config__.gc is False, leaf
        hints = typing.get_type_hints(leaf)
        assert {name for name, hint in hints.items() if not plain(hint)} == set(), leaf


def test_the_check_tells_a_container_field():
    assert not plain(dict[str, str]) and not plain(list[Member]) and not plain(msgspec.Struct)
    assert not plain(tuple[Member, ...]) and not plain(tuple[list[str], ...])
    assert plain(date | None) and plain(list[str]) and plain(tuple[str, ...])
