"""The charter's rules through the service, with real read models, on SQLite only: they
decide from states, not from how a store keeps events. PostgreSQL keeps the same answers
(tests/integration/test_postgres_parity.py), and its storage has tests of its own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def location(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")
