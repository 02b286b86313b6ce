"""The benchmark scripts run (at a tiny size): a script that no test runs breaks unseen,
as `bench/publish.py` once did when every event became signed. `bench/run_all.py` is left
out: it runs every other measurement in its own process, 25 s even at its smallest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("script", "args", "said"),
    [
        ("ledger_core.py", ["--events", "300"], "rebuild"),
        ("review.py", ["--events", "300"], "review 2024"),
        ("votes.py", ["--voters", "20"], "charter audit"),
        ("backfill.py", ["--sizes", "50", "100"], "backfill"),
        ("integrity.py", ["--events", "300"], "consistency proof"),
        ("publish.py", ["--events", "300", "--no-sample"], "second build changed 0 files"),
    ],
)
def test_a_benchmark_script_runs(tmp_path, script, args, said):
    command = [sys.executable, str(ROOT / "bench" / script), *args]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert said in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing left where it ran
