"""The test suite's time beside an earlier commit's suite, run in turn on this machine.

    .venv/bin/python bench/suite_time.py                  # against BASE, 3 runs of each
    .venv/bin/python bench/suite_time.py --base HEAD~5 --runs 5

The earlier suite runs in a worktree of BASE with a venv of its own (made here, one
`pip install`); this checkout's suite runs with the venv running this script. Runs
alternate (earlier, current, earlier, ...) in clean environments, so a machine that
slows down or speeds up during the run weighs on both alike. The goal (the architecture
issue): the current suite is faster, with more tests. A suite that fails is reported, not
timed. Each run takes a few minutes; PostgreSQL must be reachable, as for the suite.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The commit on which the architecture issue measured the suite (303 tests, one process).
BASE = "9076b83"
SUMMARY = re.compile(r"(\d+) passed.* in ([\d.]+)s")


@dataclass
class Run:
    suite: str
    tests: int
    seconds: float


def parse_summary(output: str) -> tuple[int, float] | None:
    """(tests passed, seconds) from pytest's last line, or None when any test failed."""
    last = output.strip().splitlines()[-1] if output.strip() else ""
    found = SUMMARY.search(last)
    if not found or re.search(r"\d+ (failed|error)", last):
        return None
    return int(found.group(1)), float(found.group(2))


def clean_env() -> dict[str, str]:
    """A fresh login's environment, keeping only where PostgreSQL and the browser are."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ["HOME"], "LANG": "C.UTF-8"}
    for name in ("DCLEDGER_TEST_POSTGRES", "DCLEDGER_CHROMIUM", "CI"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def run_suite(name: str, tree: Path, python: Path) -> Run:
    started = time.perf_counter()
    done = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tree,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    parsed = parse_summary(done.stdout)
    if parsed is None:
        sys.exit(f"Error: the {name} suite did not pass; its last lines:\n{done.stdout[-2000:]}")
    print(f"  {name:<8} {parsed[0]:>5} tests  {wall:6.1f} s", flush=True)
    return Run(name, parsed[0], wall)


def commit_of(base: str) -> str:
    """The commit `base` names, or an Error line and exit 1 before anything is made."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        sys.exit(f"Error: --base {base!r} names no commit of this repository")
    return found.stdout.strip()


def base_tree(commit: str, folder: Path) -> Path:
    """The python of a venv installed from a worktree of `commit` at `folder` (the caller
    removes the worktree, whether this succeeds or not)."""
    git = ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), commit]
    python = folder / ".venv" / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "-e", f"{folder}[test]"]
    for step in (git, [sys.executable, "-m", "venv", str(folder / ".venv")], pip):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            sys.exit(f"Error: preparing the earlier suite failed ({step[2]}): {last}")
    return python


def report(runs: list[Run], base: str) -> str:
    def median(name: str) -> float:
        return statistics.median(r.seconds for r in runs if r.suite == name)

    tests = {r.suite: r.tests for r in runs}
    ratio = median("current") / median("earlier")
    met = ratio < 1 and tests["current"] > tests["earlier"]
    return "\n".join(
        [
            f"{'suite':<22} {'tests':>6} {'median s':>9}",
            f"{'earlier (' + base + ')':<22} {tests['earlier']:>6} {median('earlier'):>9.1f}",
            f"{'current':<22} {tests['current']:>6} {median('current'):>9.1f}",
            f"ratio current/earlier {ratio:.2f}; goal: under 1 with more tests: "
            + ("met" if met else "not met"),
        ]
    )


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE, help="the earlier commit (default %(default)s)")
    parser.add_argument("--runs", type=positive, default=3, help="runs of each (default 3)")
    args = parser.parse_args()
    commit = commit_of(args.base)
    with tempfile.TemporaryDirectory(prefix="suite-time-") as tmp:
        tree = Path(tmp) / "base"
        try:
            python = base_tree(commit, tree)
            runs = []
            for _ in range(args.runs):
                runs.append(run_suite("earlier", tree, python))
                runs.append(run_suite("current", ROOT, Path(sys.executable)))
        finally:
            remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)]
            subprocess.run(remove, capture_output=True)
    print(report(runs, args.base))


if __name__ == "__main__":
    main()
