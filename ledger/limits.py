"""Limits every input meets before any command runs: sizes, nesting, control
characters, integers SQLite can store, years a coalition can be about."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from dcledger.ledger import policy
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.invocation import Invocation


def parse_json(text: str) -> Any:
    """JSON, refusing what the parser would choke on: deep nesting, endless digits."""
    if nested_deeper_than(text, policy.MAX_JSON_DEPTH):
        raise InvalidInput(f"nested more than {policy.MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(e.msg) from None
    except ValueError as e:  # e.g. an integer of more digits than Python converts
        raise InvalidInput(str(e).split(";")[0]) from None


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than `limit` (brackets inside strings count too: an
    upper bound, and cheap). It stops at the first bracket past the limit, so a line of
    a million opening brackets costs no more to refuse than a short one."""
    if text.count("[") + text.count("{") <= limit:
        return False  # too few brackets to nest that deep: the common case, counted in C
    depth = 0
    for bracket in NOT_A_BRACKET.sub("", text):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def check_year(year: int, what: str = "year") -> None:
    """Refuse years no coalition can be about: before the first IGF, after next year."""
    last = datetime.now(UTC).year + policy.YEARS_AHEAD
    if not policy.FIRST_YEAR <= year <= last:
        raise InvalidInput(f"{what} {year} is not between {policy.FIRST_YEAR} and {last}")


def check_values(values: dict[str, Any], where: str = "") -> None:
    """Refuse values no command may take: control characters, text beyond the size
    limit, integers SQLite cannot store, impossible years. Called on every invocation's
    arguments and envelope before any command runs."""
    for key, value in values.items():
        check_value(f"{where}{key}", value)
        if key == "year":
            check_year_value(value)


def check_year_value(value: Any) -> None:
    """A year given as a number or as digits (an import line may quote it) is in range;
    true/false is no year (it would be taken as 1 or 0)."""
    if isinstance(value, bool):
        raise InvalidInput(f"year {str(value).lower()} is not a year")
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        value = int(value)
    if isinstance(value, int):
        check_year(value)


def check_value(key: str, value: Any) -> None:
    if isinstance(value, str):
        if len(value) > policy.MAX_TEXT_CHARS:
            raise InvalidInput(f"{key} is longer than {policy.MAX_TEXT_CHARS:,} characters")
        if CONTROL.search(value):
            raise InvalidInput(f"{key} contains a control character")
        if SURROGATE.search(value):  # from a `\\ud800` escape or bytes that are not UTF-8
            raise InvalidInput(f"{key} contains a lone surrogate, which is not text")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > policy.MAX_INTEGER:
            raise InvalidInput(f"{key} is beyond the range of a stored integer")
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            check_value(f"{key}.{inner_key}", inner)
    elif isinstance(value, list | tuple):
        for position, inner in enumerate(value):  # named as a statement's problems are
            check_value(f"{key}.{position}", inner)


# C0 controls but tab, newline and carriage return; DEL. A NUL cannot even be stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile("[\ud800-\udfff]")


class CheckedInvocations(list):
    """Invocations that have passed `check_invocation`: checked once, whoever asks again
    (the command line checks before it opens anything, the service for every caller)."""


def checked_invocations(invocations: Iterable[Invocation]) -> list[Invocation]:
    """All of them, once each has passed `check_invocation`: a batch is refused before
    any of its commands runs."""
    if isinstance(invocations, CheckedInvocations):
        return invocations
    invocations = CheckedInvocations(invocations)
    for invocation in invocations:
        check_invocation(invocation)
    return invocations


def check_invocation(invocation: Invocation) -> None:
    """Values no command may take are refused before any command runs (import lines
    name their line)."""
    envelope = {
        "--as": invocation.actor,
        "--on": invocation.on,
        "--evidence": invocation.evidence,
        "--person": invocation.person,
    }
    try:
        check_values(envelope)
        check_values(invocation.args)
    except InvalidInput as e:
        if invocation.line is None:
            raise
        raise InvalidInput(f"line {invocation.line}: {e}") from None
