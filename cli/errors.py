"""Every failure a user can cause becomes one short, printable `Error:` line.

Messages often quote the user's input back (a handle, a file name, a JSON value), so
control characters are escaped (a NUL or a newline must not split or hide the line) and
the line is cut short (a 100,000-character argument must not flood the terminal).
"""

from __future__ import annotations

import sqlite3

import click

from dcledger.ledger.errors import LedgerError, StatementInvalid

MAX_MESSAGE = 280  # with "Error: " the line stays under 300 characters
# A statement's refusal names every problem at once (one phrase per kind of problem, so
# its length is bounded by the statement's parts, not by how many founders it lists).
STATEMENT_MESSAGE = 1000
USAGE_MESSAGE = 200  # click adds "Invalid value for 'NAME': " around a usage message
INTERNAL = "internal error"  # the tests count these: each one is a bug to fix


def printable(text: str, limit: int = MAX_MESSAGE) -> str:
    """Escape what is not printable (controls, line separators, lone surrogates); cut."""
    if text.isprintable():  # the usual case, checked at C speed
        return text if len(text) <= limit else text[: limit - 3] + "..."
    out = []
    for char in text[:limit]:  # escaping only lengthens: what follows is cut anyway
        if char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
    line = "".join(out)
    return line if len(line) <= limit and len(text) <= limit else line[: limit - 3] + "..."


def refusal(error: Exception) -> click.ClickException:
    """The one-line refusal for an exception a command raised (exit status 1)."""
    limit = STATEMENT_MESSAGE if isinstance(error, StatementInvalid) else MAX_MESSAGE
    return click.ClickException(printable(describe(error), limit))


def describe(error: Exception) -> str:
    # Imported here: `dcledger --help` should not pay for the event store's library.
    from eventsourcing.persistence import MapperDeserialisationError, PersistenceError
    from eventsourcing.utils import TopicError

    match error:
        case LedgerError():
            return str(error)
        case TopicError() | MapperDeserialisationError():
            return (
                "the ledger holds an event this dcledger cannot read; it is damaged or was "
                f"written by another program ({first_line(error)})"
            )
        case PersistenceError():
            return f"the ledger could not be used: {first_line(error)}"
        case sqlite3.Error():
            return f"the read models could not be used: {first_line(error)}"
        case OSError():
            return str(error)
        case OverflowError():
            return "a number is beyond the range the ledger can store (64-bit integers)"
        case ValueError() if "null byte" in str(error):
            return "a name or path contains a NUL byte"
        case RecursionError():
            return "the input is nested too deeply"
        case MemoryError():
            return "the input is too large to handle"
    return f"{INTERNAL}: {type(error).__name__}: {first_line(error)} (please report this)"


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
