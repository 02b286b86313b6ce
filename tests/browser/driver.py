"""Debian's chromium, driven headless by Playwright (its bundled driver, no browser
download), with axe-core from npm injected into each page."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("DCLEDGER_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def install_axe() -> None:
    """axe-core from the npm registry, pinned by package-lock.json, installed once for
    every test process (the README's test command runs on a fresh clone as it stands)."""
    if AXE.exists() or shutil.which("npm") is None:
        return
    folder = AXE.parents[2]
    with (folder / ".npm-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the xdist workers would otherwise race
        if not AXE.exists():
            command = ["npm", "ci", "--no-audit", "--no-fund"]
            subprocess.run(command, cwd=folder, capture_output=True, timeout=600, check=False)


def browser_problem() -> str | None:
    """None when the browser tests can run, else why not."""
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    install_axe()
    if not AXE.exists():
        return f"no axe-core at {AXE} (npm ci in tests/browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip with the reason locally; under CI=true a missing browser is a failure."""
    problem = browser_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {problem}")
    pytest.skip(problem)


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site over HTTP on a free local port, as a reader's web server would serve it."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# One evaluation per page: its links and, when asked, axe's verdict.
READ_PAGE = """async (judge) => ({
    links: Array.from(document.querySelectorAll('[href], [src]'), e => e.href || e.src),
    violations: judge ? (await axe.run(document, {resultTypes: ['violations']})).violations : [],
})"""


class Reader:
    """One tab that reads page after page. axe-core is injected by the browser at every
    navigation, so neither a new tab nor a new script tag is paid per page (together
    they were half the time of reading the site)."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))

    def visit(self, url: str, judge: bool = True) -> dict[str, Any]:
        """Load a page: its console errors, failed requests, links and (when `judge`)
        axe's serious and critical violations."""
        self.errors = []
        response = self.page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            status = response.status if response else "nothing"
            self.errors.append(f"{url} answered {status}")
        seen = self.page.evaluate(READ_PAGE, judge)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in seen["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        return {"errors": self.errors, "links": seen["links"], "violations": violations}


def screenshot(browser: Any, url: str, out: Path) -> Path:
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    page.goto(url, wait_until="load")
    page.screenshot(path=str(out), full_page=False)
    page.close()
    copy_to = os.environ.get("DCLEDGER_SCREENSHOT_DIR")
    if copy_to:  # bench/screenshot.py asks for a copy, to put into docs/
        shutil.copy(out, Path(copy_to) / out.name)
    return out
