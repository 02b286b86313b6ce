"""The same history on both stores answers the same: the sample history (every kind of
event the charter speaks of, retractions and backfills included) imported into
PostgreSQL reads as it does from SQLite, through every showing command a script relies
on. The rule tests run on SQLite; this is what keeps PostgreSQL's answers theirs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.site_helpers import REPO, dcledger_in_process, sample_copy


@pytest.fixture(scope="module")
def sqlite_sample(tmp_path_factory) -> Path:
    return sample_copy(tmp_path_factory, "imported", "parity-sqlite")


def shown(folder: Path, ledger: str | None, *args: str) -> Any:
    """The JSON a command shows, or its exit status and error (a refusal must match)."""
    where = ["--ledger", ledger] if ledger else []
    config = folder / "config"
    result = dcledger_in_process(folder, *where, *args, "--json", config=config, check=False)
    return (
        json.loads(result.stdout) if result.returncode == 0 else (result.returncode, result.stderr)
    )


def without_recorded_time(value: Any) -> Any:
    """A log entry's recorded time is the moment of its import, which differs."""
    if isinstance(value, list):
        return [without_recorded_time(v) for v in value]
    if isinstance(value, dict):
        return {k: without_recorded_time(v) for k, v in value.items() if k != "recorded_at"}
    return value


def questions(slugs: list[str], amendments: list[int]) -> list[tuple[str, ...]]:
    asked = [
        ("status",),
        ("status", "--as-of", "2021-06-30"),
        ("status", "--as-of", "2024-04-02"),
        ("review", "2025"),
        ("review", "2023", "--as-of", "2024-06-30"),
        ("changes", "2019-01-01", "2025-12-31"),
        ("charter", "history"),
        ("charter", "show"),
        ("log", "--limit", "100000"),
    ]
    for slug in slugs:
        asked += [("members", slug), ("members", slug, "--as-of", "2022-01-01")]
        asked += [("coalition", "show", slug)]
    for number in amendments:
        asked += [("vote", "show", str(number)), ("amendment", "show", str(number))]
    return asked


def test_the_sample_reads_the_same_from_postgresql(sqlite_sample: Path, postgres_url: str):
    folder = sqlite_sample
    history = str(REPO / "data" / "history.jsonl")
    url = postgres_url
    # The secretariat's key is the one the SQLite import made, so the key events match.
    imported = dcledger_in_process(
        folder, "--ledger", url, "import", history, config=folder / "config"
    )
    assert imported.stdout == "Imported 2072 commands as 2126 events\n"
    slugs = [row["slug"] for row in shown(folder, None, "status")]
    proposed = shown(folder, None, "log", "--type", "amendment.proposed")
    amendments = sorted({entry["number"] for entry in proposed})
    assert len(slugs) > 10 and amendments
    for question in questions(slugs, amendments):
        on_sqlite = without_recorded_time(shown(folder, None, *question))
        on_postgres = without_recorded_time(shown(folder, url, *question))
        assert on_postgres == on_sqlite, question
    audited = dcledger_in_process(folder, "--ledger", url, "charter", "audit", check=False)
    assert audited.returncode == 0, audited.stderr
