"""Counts the bad-input generator reports, shown at the end of every run (with or
without -s)."""

from __future__ import annotations

SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if SUMMARY:
        terminalreporter.section("bad input")
        for line in SUMMARY:
            terminalreporter.write_line(line)
