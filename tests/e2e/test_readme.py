"""The README's tour is run as written, so the documentation cannot drift from the tool."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tour_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## A short tour") : text.index("## The written statement")]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def test_the_tour_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("DCLEDGER_AS", None)
    env.pop("DCLEDGER_LEDGER", None)
    script = "set -euo pipefail\n" + "\n".join(tour_blocks())
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "dc-irpc\n" in result.stdout
    assert "refused, nothing written" in result.stdout
    assert "Error: eve is already a member of dc-irpc" in result.stderr
    assert result.stdout.rstrip().endswith("4 passed, 0 failed")
    assert (tmp_path / "review-2019.md").read_text().startswith("# Dynamic Coalitions")
