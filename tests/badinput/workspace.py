"""The files bad invocations point at: a seeded ledger, documents good and bad, a FIFO,
foreign and corrupt SQLite files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from dcledger.cli.main import cli
from tests.harness import statement

ROOT = Path(__file__).resolve().parents[2]


class Workspace:
    def __init__(self, folder: Path):
        self.folder = folder
        self.ledger = folder / "dc.db"
        self.views = folder / "dc.views.db"
        self.statement = self.write("statement.json", json.dumps(statement()))
        self.charter = self.write("charter.md", (ROOT / "data" / "charter.md").read_text())
        self.text = self.write("text.md", "Coalitions report every year.\n")
        self.missing = folder / "no-such-file.json"
        self.folder_path = folder / "a-folder"
        self.folder_path.mkdir()
        self.fifo = folder / "a-fifo"
        os.mkfifo(self.fifo)
        self.bad_utf8 = self.write_bytes("bad-utf8.json", b'{"name": "\xff\xfe"}')
        self.nul = self.write_bytes("nul.json", b'{"name": "a\x00b"}')
        self.huge = self.write("huge.json", json.dumps({"need": "x" * 2_000_000}))
        self.empty = self.write("empty.md", "")

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def seed(self) -> None:
        """A ledger with a secretariat, a DCCG person, a recognized coalition (ana, bo,
        cy), the charter and amendment 1; closed, so its file no longer changes."""
        steps = [
            ["init", "--secretariat", "sec", "--name", "S", "--email", "s@igf.example"],
            ["--as", "sec", "person", "register", "dee", "--name", "D", "--email", "d@x.org"],
            ["--as", "sec", "person", "grant", "dee", "--office", "dccg"],
            ["--as", "sec", "coalition", "propose", "--statement", str(self.statement)],
            ["--as", "sec", "coalition", "recognize", "dc-example"],
            ["--as", "dee", "charter", "adopt", str(self.charter)],
            [
                *("--as", "ana", "amendment", "propose", "--section", "obligations"),
                *("--text-file", str(self.text), "--rationale", "r", "--message-id", "<m@x>"),
            ],
        ]
        runner = CliRunner()
        for step in steps:
            args = ["--ledger", str(self.ledger), "--views", str(self.views), *step]
            result = runner.invoke(cli, ["--as", "sec", *args] if step[0] == "init" else args)
            assert result.exit_code == 0, (step, result.output)
        with sqlite3.connect(self.ledger) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy_ledger(self, name: str) -> Path:
        target = self.folder / name
        shutil.copyfile(self.ledger, target)
        return target
