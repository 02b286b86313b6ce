"""Drive the real click application the way a user's shell would."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from dcledger.cli.main import cli
from tests.harness import statement


class Shell:
    def __init__(self, folder: Path, ledger: str | None = None):
        self.folder = folder
        self.ledger = ledger or str(folder / "dc.db")
        self.runner = CliRunner()

    def __call__(self, *args: str, actor: str | None = None, columns: int | None = None) -> Result:
        """Run one command line; output is as piped, `columns` wide (default: unlimited)."""
        prefix = ["--ledger", self.ledger, "--views", str(self.folder / "dc.views.db")]
        if actor:
            prefix += ["--as", actor]
        env = {"COLUMNS": str(columns or "")}
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
        # Recognition gives the founders it registers throwaway keys in the test's own
        # config folder, so they can record for themselves.
        self.ok("coalition", "recognize", "dc-example", "--on", "2019-02-01", actor="sec")
        return self
