"""Drive the real click application the way a user's shell would."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner, Result

from dcledger.cli.main import cli
from tests.harness import statement


class Shell:
    def __init__(self, folder: Path, ledger: str | None = None):
        self.folder = folder
        self.ledger = ledger or str(folder / "dc.db")
        self.runner = CliRunner()
        self.config: Path | None = None  # XDG_CONFIG_HOME, when not the test's own

    def __call__(self, *args: str, actor: str | None = None, columns: int | None = None) -> Result:
        """Run one command line; output is as piped, `columns` wide (default: unlimited)."""
        prefix = ["--ledger", self.ledger, "--views", str(self.folder / "dc.views.db")]
        if actor:
            prefix += ["--as", actor]
        env = {"COLUMNS": str(columns or "")}
        if self.config is not None:
            env["XDG_CONFIG_HOME"] = str(self.config)
        return self.runner.invoke(cli, [*prefix, *args], catch_exceptions=False, env=env)

    def ok(self, *args: str, actor: str | None = None, columns: int | None = None) -> Result:
        result = self(*args, actor=actor, columns=columns)
        assert result.exit_code == 0, result.output
        return result

    def json(self, *args: str, actor: str | None = None):
        return json.loads(self.ok(*args, "--json", actor=actor).stdout)

    def events(self) -> int:
        return len(self.json("log"))

    def statement_file(self, **changes: object) -> str:
        path = self.folder / "statement.json"
        path.write_text(json.dumps(statement(**changes)))
        return str(path)

    def founded(self) -> Shell:
        """A ledger started by `sec`, and dc-example proposed and recognized with its
        founders ana, bo and cy, each with a signing key in the config folder. A new
        SQLite ledger of the default name is a copy of one founded so once per process."""
        if self.ledger != str(self.folder / "dc.db") or Path(self.ledger).exists():
            return self.found()
        files, keys = founded_files()
        for name, data in files.items():
            (self.folder / name).write_bytes(data)
        key_folder = Path(os.environ["XDG_CONFIG_HOME"]) / "dcledger" / "keys"
        key_folder.mkdir(parents=True, exist_ok=True)
        for name, (data, mode) in keys.items():
            (key_folder / name).write_bytes(data)
            (key_folder / name).chmod(mode)
        return self

    def found(self) -> Shell:
        self.ok(
            "init",
            "--secretariat",
            "sec",
            "--name",
            "Sec",
            "--email",
            "sec@igf.example",
            "--on",
            "2019-01-01",
        )
        self.ok(
            "coalition",
            "propose",
            "--statement",
            self.statement_file(),
            "--on",
            "2019-01-10",
            actor="sec",
        )
        # Recognition gives the founders it registers throwaway keys in the config
        # folder, so they can record for themselves.
        self.ok("coalition", "recognize", "dc-example", "--on", "2019-02-01", actor="sec")
        return self


Keys = dict[str, tuple[bytes, int]]


@functools.cache
def founded_files() -> tuple[dict[str, bytes], Keys]:
    """The files `Shell.found` leaves (ledger, read models, statement) and the keys it
    makes, with their modes: founding through the command line costs about 0.1 s, a copy
    well under 1 ms."""
    scratch = Path(tempfile.mkdtemp(prefix="dcledger-shell-"))
    try:
        shell = Shell(scratch / "ledger")
        shell.folder.mkdir()
        shell.config = scratch / "config"
        shell.found()
        files = {p.name: p.read_bytes() for p in shell.folder.iterdir() if p.is_file()}
        key_folder = shell.config / "dcledger" / "keys"
        keys = {p.name: (p.read_bytes(), p.stat().st_mode & 0o777) for p in key_folder.iterdir()}
        return files, keys
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# A charter of two sections, for the amendment procedure's tests.
CHARTER = "# Charter\n\n## Principles\n\nOpen to all.\n\n## Review\n\nEvery year.\n"


def with_charter(tmp_path) -> Shell:
    """A founded coalition (ana, bo, cy), dee in the DCCG, and version 1 of CHARTER."""
    return adopt_charter(with_dccg_member(Shell(tmp_path).founded()), tmp_path)


def with_dccg_member(shell: Shell) -> Shell:
    """dee, registered and granted the DCCG office on 2019-01-01."""
    shell.ok(
        "person",
        "register",
        "dee",
        "--name",
        "Dee",
        "--email",
        "dee@x.org",
        "--on",
        "2019-01-01",
        actor="sec",
    )
    shell.ok("person", "grant", "dee", "--office", "dccg", "--on", "2019-01-01", actor="sec")
    return shell


def adopt_charter(shell: Shell, folder) -> Shell:
    """dee adopts CHARTER on 2019-03-01; folder/new.md holds a new text for principles."""
    (folder / "charter.md").write_text(CHARTER)
    (folder / "new.md").write_text("Open to everyone, always.\n")
    shell.ok("charter", "adopt", str(folder / "charter.md"), "--on", "2019-03-01", actor="dee")
    return shell


def rebase_after_a_vote(shell: Shell, tmp_path) -> None:
    """Amendments 1 and 2 change the same section and are both ratified; 1 is
    incorporated, so 2, stale, is rebased onto version 2: its vote was on a replaced text."""
    (tmp_path / "other.md").write_text("Open to all, always.\n")
    (tmp_path / "restated.md").write_text("Open to everyone, ever.\n")
    for number, text in (("1", "new.md"), ("2", "other.md")):
        args = ["--section", "principles", "--text-file", str(tmp_path / text)]
        args += ["--rationale", "clearer", "--message-id", f"<p{number}@lists.example.org>"]
        shell.ok("amendment", "propose", *args, "--on", "2019-04-01", actor="bo")
        shell.ok("amendment", "consensus", number, "--on", "2019-04-20", actor="dee")
        opening = ["vote", "open", number, "--closes", "2019-05-31", "--on", "2019-05-01"]
        shell.ok(*opening, actor="dee")
        shell.ok("vote", "cast", number, "yes", "--on", "2019-05-10", actor="ana")
        shell.ok("vote", "close", number, "--on", "2019-05-31", actor="dee")
    shell.ok("amendment", "incorporate", "1", "--on", "2019-06-01", actor="dee")
    restated = ["--text-file", str(tmp_path / "restated.md"), "--on", "2019-06-02"]
    shell.ok("amendment", "rebase", "2", *restated, actor="bo")
