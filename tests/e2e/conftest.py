"""Counts the bad-input generator reports, shown at the end of every run (with or
without -s, in one process or across xdist workers: each test records its lines as
user properties, which travel back with its report)."""

from __future__ import annotations

SUMMARY_PROPERTY = "bad input"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    lines = [
        value
        for report in terminalreporter.stats.get("passed", [])
        + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == SUMMARY_PROPERTY
    ]
    if lines:
        terminalreporter.section("bad input")
        for line in lines:
            terminalreporter.write_line(line)
