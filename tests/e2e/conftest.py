"""The bad-input generator's counts travel as this user property (see tests/conftest.py,
which shows them at the end of every run)."""

from __future__ import annotations

SUMMARY_PROPERTY = "bad input"
