"""Refresh docs/coalition-page.png, the README's picture of a coalition page.

Run: .venv/bin/python bench/screenshot.py

The picture is the one the browser test takes (tests/browser, in headless chromium, of the
site published from data/history.jsonl); the test writes only to a temporary folder and,
asked through DCLEDGER_SCREENSHOT_DIR, copies it there. This script puts it into docs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/browser/test_site_in_browser.py::test_a_coalition_page_screenshot"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DCLEDGER_SCREENSHOT_DIR": tmp, "CI": "true"}
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", TEST], cwd=ROOT, env=env)
        if result.returncode != 0:
            sys.exit("Error: the browser test failed; no picture taken")
        target = ROOT / "docs" / "coalition-page.png"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(Path(tmp) / "coalition-page.png", target)
        print(f"Wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
