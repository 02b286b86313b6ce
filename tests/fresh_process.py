"""What a fresh interpreter has imported after running a few lines: start-up tests ask
which modules a command or a lookup loads, which only a new process can tell."""

from __future__ import annotations

import json
import subprocess
import sys


def modules_loaded(program: str, *prefixes: str) -> list[str]:
    """The modules whose names start with one of `prefixes` once `program` has run."""
    probe = (
        f"{program}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
