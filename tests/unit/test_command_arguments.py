"""Arguments that pydantic would hand on unchanged skip it: for every command and every
kind of value, the shortcut says so only when pydantic returns that very value."""

from __future__ import annotations

import typing
from datetime import date

import pytest
from pydantic import ConfigDict, TypeAdapter, ValidationError

from dcledger.ledger import commands
from dcledger.ledger.commands import context

SAMPLES = ("text", "", "12", "yes", 12, 0, -3, 2**70, True, False, None, 1.0, 1.5, b"x")
SAMPLES += ([], ["a"], {}, {"a": "b"}, {"a": 1}, {1: "b"}, date(2021, 6, 1), "2021-06-01")
CONFIG = ConfigDict(strict=False, arbitrary_types_allowed=True)


def annotated(fn):
    return typing.get_type_hints(fn, vars(context), include_extras=True)


@pytest.mark.parametrize("name", sorted(commands.all_commands()))
def test_the_shortcut_agrees_with_pydantic_value_by_value(name):
    fn = commands.all_commands()[name]
    hints = annotated(fn)
    found, required = context.parameters(name)
    if any(found[p] is None for p in required):
        return  # a required argument pydantic always checks: never the shortcut
    given = {p: next(v for v in SAMPLES if type(v) in found[p]) for p in required}
    for param, types in found.items():
        args = dict(given)
        for value in SAMPLES:
            args[param] = value
            if not context.unchanged_by_pydantic(name, args):
                continue
            assert types is not None and type(value) in types, (name, param, value)
            kept = TypeAdapter(hints[param], config=CONFIG).validate_python(value)
            assert kept is value or (kept == value and type(kept) is type(value)), (name, param)


def test_missing_or_unknown_arguments_go_to_pydantic():
    name = "member confirm-contact"
    assert context.unchanged_by_pydantic(name, {"slug": "dc-x", "email": None})
    assert not context.unchanged_by_pydantic(name, {"email": None})
    assert not context.unchanged_by_pydantic(name, {"slug": "dc-x", "mail": None})
    assert not context.unchanged_by_pydantic(name, {"slug": 3})
    with pytest.raises(ValidationError):
        context.validated(name)(None, slug=3)
