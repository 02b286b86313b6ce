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


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--base", "no-such-commit"], 1, "Error: --base 'no-such-commit' names no commit"),
        (["--runs", "0"], 2, "argument --runs: invalid positive value: '0'"),
    ],
)
def test_the_suite_timer_refuses_bad_input_before_making_anything(tmp_path, args, code, said):
    worktrees = ["git", "-C", str(ROOT), "worktree", "list", "--porcelain"]
    before = subprocess.run(worktrees, capture_output=True, text=True, check=True).stdout
    command = [sys.executable, str(ROOT / "bench" / "suite_time.py"), *args]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (code, "")
    assert said in result.stderr and "Traceback" not in result.stderr
    after = subprocess.run(worktrees, capture_output=True, text=True, check=True).stdout
    assert after == before and list(tmp_path.iterdir()) == []
