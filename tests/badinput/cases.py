"""What a bad invocation is, and the values that must be refused, by kind of parameter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

REFUSED = 1  # a refusal: `Error:` line, exit status 1
USAGE = 2  # a usage mistake: click's convention

BEYOND_SQLITE = ["9223372036854775808", "99999999999999999999", "-99999999999999999999"]
BAD_YEARS = ["0", "1", "1800", "2005", "9999", "10000", "2100", "-1"]
BAD_DATES = ["2019-02-30", "20190101x", "", "2019-01-01\x00", "99999-01-01", "2019-1-1\n"]
HANDLE_LIKE = {"handle", "slug", "by", "person", "secretariat", "actor", "email", "voter"}


@dataclass
class Case:
    """One bad invocation: CLI arguments (after --ledger/--views), the expected status."""

    name: str
    args: list[str]
    expect: int = REFUSED
    ledger: str | None = None  # None: the seeded SQLite ledger; else a path or URL
    views: str | None = None  # None: the workspace's views file
    guard: list[str] = field(default_factory=list)  # more files that must stay unchanged
    input: str | None = None
    check: Callable[[Any], str | None] | None = None  # extra check of the result
    rows: Callable[[], Any] | None = None  # a snapshot of database rows that must not change


def int_values(name: str) -> list[tuple[str, int]]:
    """Values for an integer parameter: click refuses the malformed ones (usage), the
    domain the ones out of range."""
    values = [("x", USAGE), ("1.5", USAGE), ("", USAGE), ("9" * 100_000, USAGE)]
    values += [(v, REFUSED) for v in BEYOND_SQLITE]
    if name == "year":
        values += [(v, REFUSED) for v in BAD_YEARS]
    return values


def text_values(name: str) -> list[tuple[str, int]]:
    """Values for a free-text or name parameter that no command may accept."""
    values = [("a\x00b", REFUSED), ("x" * 1_000_001, REFUSED), ("\x1b[31mred", REFUSED)]
    if name in HANDLE_LIKE:
        values += [("ana\n", REFUSED), ("Ana Example", REFUSED), ("\u2028", REFUSED)]
    return values


def date_values(name: str) -> list[tuple[str, int]]:
    values = [(v, REFUSED) for v in BAD_DATES]
    if name == "on":
        values.append(("2999-01-01", REFUSED))
    return values


def choice_values() -> list[tuple[str, int]]:
    return [("nope", USAGE), ("", USAGE), ("\x00", USAGE)]
