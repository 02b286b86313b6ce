"""The README's blocks run as written, in a shell that has not activated the venv, so the
documentation cannot drift from the tool nor rely on a PATH the reader does not have."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent  # the venv running the tests: the reader's .venv
INSTALL = ("python3 -m venv .venv", ".venv/bin/pip install")


def blocks(start: str, end: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index(start) : text.index(end)]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def main_job() -> str:
    """The first block without its installation steps: CI installs (`.ci/run`, and the
    wheel smoke test); here the installed venv stands in as the reader's `.venv`."""
    first = blocks("# dcledger", "## What it is")[0].strip()
    steps = [s for s in first.split(" && ") if not s.startswith(INSTALL)]
    return " && ".join(steps)


def fresh_env(folder: Path) -> dict[str, str]:
    """A new login's environment: no venv on PATH, no dcledger settings; the folder holds
    the repository's data and the installed venv as `.venv`."""
    if not (folder / ".venv").exists():
        (folder / ".venv").symlink_to(VENV)
        (folder / "data").symlink_to(ROOT / "data")
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"}


def run(script: str, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script],
        cwd=folder,
        env=fresh_env(folder),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_dcledger_is_not_on_the_path_of_a_fresh_shell(tmp_path):
    result = run("command -v dcledger || echo absent", tmp_path)
    assert result.stdout.strip() == "absent"


def test_the_tour_runs_as_written_and_runs_again(tmp_path):
    tour_blocks = blocks("## A short tour", "## The written statement")
    first = run("\n".join(tour_blocks), tmp_path)
    assert first.returncode == 0, first.stderr
    assert "dc-irpc\n" in first.stdout
    assert "refused, nothing written" in first.stdout
    assert "Error: eve is already a member of dc-irpc" in first.stderr
    assert first.stdout.rstrip().endswith("5 passed, 0 failed")
    assert (tmp_path / "review-2019.md").read_text().startswith("# Dynamic Coalitions")
    # The tour starts over by itself. Its first block meets everything a first run leaves
    # (the ledger, and the signing keys of the secretariat, a member and a coordinator).
    again = run(tour_blocks[0], tmp_path)
    assert again.returncode == 0, again.stderr
    assert "dc-irpc\n" in again.stdout and "already a member" in again.stderr


def test_the_main_job_and_the_sqlite3_example_run_as_written(tmp_path):
    job = run(main_job(), tmp_path)
    assert job.returncode == 0, job.stderr
    assert "Yearly review 2025" in job.stdout
    example = blocks("## Where things live", "## PostgreSQL")[0]
    shown = run(example, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "dc-" in shown.stdout and "status" in shown.stdout
    assert not [p for p in tmp_path.iterdir() if p.is_file() and p.stat().st_size == 0]


def test_a_second_init_says_how_to_start_over(tmp_path):
    init = ".venv/bin/dcledger --ledger t.db init --secretariat s --name S --email s@x.org"
    run(init, tmp_path)
    again = run(init, tmp_path)
    assert again.returncode == 1
    assert "to start over, remove t.db and t.views.db" in again.stderr


def test_the_integrity_walkthrough_runs_as_written(tmp_path):
    walkthrough = "\n".join(blocks("## A ledger that proves itself", "## Where things"))
    result = run(walkthrough, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "verified 13 events" in result.stdout  # init, proposal, recognition, members, keys
    assert result.stdout.rstrip().endswith("verify named the edited event")
    assert result.stderr.splitlines()[-1].startswith(
        "Error: event 5 (position 4): the signature of sec does not match it "
        "(the event or its signature was altered)"
    )
    assert not (tmp_path / "demo-config" / "dcledger" / "keys" / "sec").exists()  # --key used
    # It starts over by itself: its first lines remove all it made (ssh-keygen would stop
    # at an existing key file) but the checkpoint, which it writes again with `>`, and the
    # views' companions, which a new views file replaces ("Where things live").
    made = {p.name for p in tmp_path.iterdir()} - {".venv", "data"}
    start_over = "\n".join(walkthrough.splitlines()[:2])
    assert run(start_over, tmp_path).returncode == 0
    left = {p.name for p in tmp_path.iterdir()} - {".venv", "data"}
    companions = {"signed.private.db", "signed.views.metadata.json"}
    assert len(made) > 8 and left == {"auditor.checkpoint", *companions}, (made, left)


def test_the_rule_table_names_functions_where_they_are():
    """Each row of "charter rule | where it is checked" names files that exist and, in
    backticks after a file, functions or classes that file defines."""
    text = (ROOT / "README.md").read_text()
    table = text[text.index("| charter rule | where it is checked |") :].split("\n\n")[0]
    named = 0
    for row in table.splitlines()[2:]:
        where = row.split(" | ")[-1]
        for path, names in re.findall(r"`([\w/]+\.py)`((?: \(?`\w+`,?\)?)*)", where):
            source = (ROOT / path).read_text()
            for name in re.findall(r"`(\w+)`", names):
                assert re.search(rf"^(?:def|class) {name}\b", source, re.M), (path, name)
                named += 1
    assert named > 25
