"""Shell completion of slugs, handles and amendment numbers, quiet on every failure."""

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from dcledger.cli.main import cli
from tests.e2e.cli_helpers import Shell
from tests.e2e.listing_history import record_history


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    folder = tmp_path_factory.mktemp("completion")
    return record_history(Shell(folder), folder)


def complete(shell: Shell, words: list[str], incomplete: str) -> list[str]:
    prefix = ["--ledger", shell.ledger, "--views", str(shell.folder / "dc.views.db")]
    completer = ShellComplete(cli, {}, "dcledger", "_DCLEDGER_COMPLETE")
    return [item.value for item in completer.get_completions([*prefix, *words], incomplete)]


def test_slugs_handles_and_amendment_numbers_complete(shell):
    assert complete(shell, ["coalition", "show"], "dc-") == ["dc-example"]
    assert complete(shell, ["member", "set-role", "dc-example"], "") == [
        "ana",
        "bo",
        "cy",
        "dee",
        "sec",
    ]
    assert complete(shell, ["dccg", "attend", "dc-example", "--by"], "a") == ["ana"]
    assert complete(shell, ["log", "--actor"], "s") == ["sec"]
    assert complete(shell, ["vote", "show"], "") == ["1"]
    assert complete(shell, ["report", "list"], "x") == []


def test_completion_without_views_offers_nothing_and_creates_nothing(tmp_path):
    completer = ShellComplete(cli, {}, "dcledger", "_DCLEDGER_COMPLETE")
    args = ["--ledger", str(tmp_path / "none.db"), "coalition", "show"]
    assert completer.get_completions(args, "") == []
    (tmp_path / "junk.db").write_text("not sqlite " * 100)
    args = ["--views", str(tmp_path / "junk.db"), "person", "grant"]
    assert completer.get_completions(args, "") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db"]


def test_the_shell_protocol_prints_only_candidates(shell):
    line = f"dcledger --views {shell.folder / 'dc.views.db'} coalition show dc"
    env = {"_DCLEDGER_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": "5"}
    result = CliRunner().invoke(cli, [], env=env, prog_name="dcledger")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "plain,dc-example\n", "")
    script = CliRunner().invoke(
        cli, [], env={"_DCLEDGER_COMPLETE": "bash_source"}, prog_name="dcledger"
    )
    assert "_dcledger_completion()" in script.stdout
