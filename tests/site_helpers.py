"""A published copy of the sample history, and readers of the published files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("dcledger")
AS_OF = "2026-10-01"
STAMP = f"as of {AS_OF}, log position 2126"
EMAIL = re.compile(rb"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def dcledger(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The installed script, as a user runs it, with the ledger in `folder`."""
    env = {**os.environ, "DCLEDGER_LEDGER": str(folder / "dcledger.db")}
    env.pop("DCLEDGER_AS", None)
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=folder, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def publish_sample(folder: Path) -> Path:
    """Import data/history.jsonl into a ledger in `folder` and publish it to folder/site."""
    dcledger(folder, "import", str(REPO / "data" / "history.jsonl"))
    result = dcledger(folder, "publish", "site", "--as-of", AS_OF)
    assert result.stdout.startswith("Published 29 pages and 57 other files to site")
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    return folder / "site"


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


class Links(HTMLParser):
    """Every href/src of a page, and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text())
    return parser


def broken_links(site: Path, page: Path, links: list[str]) -> list[str]:
    """Internal links of `page` whose file or #fragment does not exist."""
    broken = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:  # external, or file:// from a browser
            if parts.scheme != "file":
                continue
            target = Path(unquote(parts.path))
        else:
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if (
            not target.is_file()
            or not target.resolve().is_relative_to(site.resolve())
            or (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in parse(target).ids
            )
        ):
            broken.append(link)
    return broken
