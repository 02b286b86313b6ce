"""Run bad invocations in-process and check what every refusal must look like."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner, Result

from dcledger.cli.errors import INTERNAL
from dcledger.cli.main import cli
from tests.badinput.cases import Case
from tests.badinput.workspace import Workspace

TIME_LIMIT = 10  # seconds; a read that blocks (a FIFO) must not hang the suite
CLEAN_ENV = {"DCLEDGER_LEDGER": None, "DCLEDGER_AS": None, "DCLEDGER_VIEWS": None}


@dataclass
class Tally:
    invocations: int = 0
    tracebacks: int = 0
    partial_writes: int = 0
    blocked: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self, title: str) -> str:
        return (
            f"{title}: {self.invocations} bad invocations, {self.tracebacks} tracebacks, "
            f"{self.partial_writes} partial writes, {self.blocked} blocked, "
            f"{len(self.failures)} failed checks"
        )


class Blocked(Exception):
    pass


def fingerprint(paths: list[Path]) -> dict[str, str | None]:
    """The bytes of each file (and of a SQLite file's WAL), hashed."""
    prints: dict[str, str | None] = {}
    for path in paths:
        for candidate in (path, Path(f"{path}-wal")):
            # SQLite removes an empty WAL when the last connection closes: same content
            data = candidate.read_bytes() if candidate.is_file() else b""
            prints[str(candidate)] = hashlib.sha256(data).hexdigest()
    return prints


def invoke(args: list[str], case: Case, fifo: Path) -> Result:
    """Run in-process; a read that blocks on the FIFO is released after the time limit
    (by opening its other end: a signal cannot interrupt SQLite's retrying open) and
    counted as blocked."""
    blocked: list[bool] = []

    def release() -> None:
        blocked.append(True)
        for flags in (os.O_RDONLY | os.O_NONBLOCK, os.O_WRONLY | os.O_NONBLOCK):
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, flags))

    timer = threading.Timer(TIME_LIMIT, release)
    timer.start()
    try:
        result = CliRunner().invoke(cli, args, env=CLEAN_ENV, input=case.input)
    finally:
        timer.cancel()
    if blocked:
        raise Blocked
    return result


def problems(case: Case, result: Result) -> list[str]:
    found = []
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    if result.exit_code != case.expect:
        found.append(f"exit {result.exit_code}, expected {case.expect}")
    if len(errors) != 1:
        found.append(f"{len(errors)} Error: lines")
    for line in errors:
        if len(line) >= 300:
            found.append(f"an Error: line of {len(line)} characters")
        if not line.isprintable():
            found.append("unescaped control characters")
    if case.check and (why := case.check(result)):
        found.append(why)
    return found


def run_case(w: Workspace, case: Case, tally: Tally) -> None:
    ledger = case.ledger or str(w.ledger)
    guarded = [Path(p) for p in case.guard] + ([w.ledger] if case.ledger is None else [])
    before = fingerprint(guarded)
    rows_before = case.rows() if case.rows else None
    tally.invocations += 1
    args = ["--ledger", ledger, "--views", case.views or str(w.views), *case.args]
    try:
        result = invoke(args, case, w.fifo)
    except Blocked:
        tally.blocked += 1
        tally.failures.append(f"{case.name}: blocked for {TIME_LIMIT} s")
        return
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed or "Traceback" in result.output or INTERNAL in result.stderr:
        tally.tracebacks += 1
        what = repr(result.exception) if crashed else result.stderr.strip()[-200:]
        tally.failures.append(f"{case.name}: traceback {what[:200]}")
        return
    if fingerprint(guarded) != before:
        tally.partial_writes += 1
        tally.failures.append(f"{case.name}: changed {', '.join(map(str, guarded))}")
    elif case.rows and case.rows() != rows_before:
        tally.partial_writes += 1
        tally.failures.append(f"{case.name}: changed rows in PostgreSQL")
    for problem in problems(case, result):
        tally.failures.append(f"{case.name}: {problem}: {result.stderr.strip()[-200:]!r}")


def run_all(w: Workspace, cases: list[Case], title: str) -> Tally:
    tally = Tally()
    for case in cases:
        run_case(w, case, tally)
    return tally
