"""The bad-input generator: thousands of invocations that must each be refused with one
`Error:` line, the right exit status, no traceback, and no byte of any ledger changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dcledger.cli.main import cli
from tests.badinput.cli_matrix import cli_cases
from tests.badinput.import_matrix import import_cases
from tests.badinput.runner import Tally, run_all
from tests.badinput.storage_matrix import (
    postgres_cases,
    postgres_ledger_cases,
    storage_cases,
)
from tests.badinput.workspace import Workspace
from tests.e2e.conftest import SUMMARY_PROPERTY


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    w = Workspace(tmp_path_factory.mktemp("bad-input"))
    w.seed()
    return w


def verdict(tally: Tally, title: str, record_property) -> None:
    record_property(SUMMARY_PROPERTY, tally.line(title))
    shown = "\n".join(tally.failures[:40])
    assert not tally.failures, f"{tally.line(title)}\n{shown}"


def test_every_command_and_option_refuses_bad_values(workspace, record_property):
    cases = cli_cases(workspace)
    assert len(cases) > 1000
    verdict(run_all(workspace, cases, "commands"), "commands and options", record_property)


def test_every_import_key_refuses_wrong_types_and_limits(workspace, record_property):
    cases = import_cases(workspace)
    assert len(cases) > 800
    verdict(run_all(workspace, cases, "import"), "import lines", record_property)


def test_foreign_and_corrupt_ledgers_and_views_are_refused_untouched(workspace, record_property):
    verdict(
        run_all(workspace, storage_cases(workspace), "storage"),
        "ledger and views files",
        record_property,
    )


def test_misconfigured_postgresql_is_named(workspace, postgres_url, record_property):
    verdict(
        run_all(workspace, postgres_cases(postgres_url), "postgres"), "PostgreSQL", record_property
    )


def test_bad_values_leave_a_postgresql_ledger_unchanged(workspace, postgres_url, record_property):
    history = workspace.folder / "seed.jsonl"
    history.write_text(SEED_LINES.format(statement=workspace.statement), encoding="utf-8")
    seeded = CliRunner().invoke(cli, ["--ledger", postgres_url, "import", str(history)])
    assert seeded.exit_code == 0, seeded.output
    cases = postgres_ledger_cases(workspace, postgres_url, cli_cases(workspace))
    assert len(cases) > 100
    tally = run_all(workspace, cases, "postgres ledger")
    verdict(tally, "PostgreSQL ledger", record_property)


SEED_LINES = "\n".join(
    [
        '{{"command": "init", "on": "2019-01-01", "secretariat": "sec", "name": "S", '
        '"email": "s@igf.example"}}',
        '{{"command": "coalition propose", "as": "sec", "on": "2019-01-02", '
        '"statement": "{statement}"}}',
        '{{"command": "coalition recognize", "as": "sec", "on": "2019-01-03", '
        '"slug": "dc-example"}}',
    ]
)
