"""A published copy of the sample history, and readers of the published files."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
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


def dcledger(
    folder: Path, *args: str, check: bool = True, config: Path | None = None
) -> subprocess.CompletedProcess:
    """The installed script, as a user runs it, with the ledger in `folder` (and its
    signing keys in `config`, when given)."""
    env = {**os.environ, "DCLEDGER_LEDGER": str(folder / "dcledger.db")}
    if config is not None:
        env["XDG_CONFIG_HOME"] = str(config)
    env.pop("DCLEDGER_AS", None)
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=folder, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def dcledger_in_process(
    folder: Path, *args: str, check: bool = True, config: Path | None = None
) -> subprocess.CompletedProcess:
    """The same command line as `dcledger` above, run by the same click application in
    this process (no interpreter start per command): the same settings, working folder,
    exit status and separate stdout and stderr. For tests about what a command does, not
    about the installed script, which `dcledger` runs."""
    from click.testing import CliRunner

    from dcledger.cli.main import cli

    env = {"DCLEDGER_LEDGER": str(folder / "dcledger.db"), "DCLEDGER_AS": None}
    if config is not None:
        env["XDG_CONFIG_HOME"] = str(config)
    with contextlib.chdir(folder):
        result = CliRunner().invoke(
            cli, list(args), env=env, prog_name="dcledger", catch_exceptions=False
        )
    done = subprocess.CompletedProcess(
        ["dcledger", *args], result.exit_code, result.stdout, result.stderr
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def import_sample(folder: Path) -> Path:
    """Import data/history.jsonl into a ledger in `folder`, the secretariat's new signing
    key in folder/config."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config"
    result = dcledger(folder, "import", str(REPO / "data" / "history.jsonl"), config=config)
    assert result.stdout == "Imported 2072 commands as 2126 events\n"
    # No progress bar when stderr is not a terminal; only the secretariat's new key.
    key = config / "dcledger" / "keys" / "sec"
    assert result.stderr == f"New signing key for sec: {key} (public key: {key}.pub)\n"
    return folder


def publish_sample(folder: Path) -> Path:
    """Publish the sample ledger in `folder` (see import_sample) to folder/site."""
    result = dcledger(folder, "publish", "site", "--as-of", AS_OF, config=folder / "config")
    assert result.stdout.startswith("Published 29 pages and 57 other files to site")
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    return folder / "site"


def shared_sample(tmp_path_factory) -> Path:
    """The sample history imported (folder `imported`) and, in a copy, published (folder
    `published`, the site in `published/site`): made once per test run, whichever test
    process asks first (the xdist workers share the run's folder and wait on a lock).
    Read it through sample_copy, never in place."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    shared = root / "shared-sample"
    with (root / "shared-sample.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done").exists():
            shutil.rmtree(shared, ignore_errors=True)
            imported = import_sample(shared / "imported")
            published = shared / "published"
            shutil.copytree(imported, published)
            publish_sample(published)
            (shared / "done").touch()
    return shared


def sample_copy(tmp_path_factory, stage: str, name: str) -> Path:
    """A folder of the caller's own holding a copy of the shared sample at `stage`
    ("imported" or "published"): the ledger, its read models, its keys and any site."""
    folder = tmp_path_factory.mktemp(name)
    shutil.copytree(shared_sample(tmp_path_factory) / stage, folder, dirs_exist_ok=True)
    return folder


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
