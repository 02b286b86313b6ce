"""Inputs once accepted though wrong, or refused though right, and a closed pipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dcledger.cli.main import cli
from dcledger.ledger.documents import validate_statement
from dcledger.ledger.errors import StatementInvalid
from tests.e2e.cli_helpers import Shell
from tests.harness import statement


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    return Shell(tmp_path).founded()


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])
def test_json_lines_may_hold_unicode_line_separators_in_strings(shell, tmp_path, separator):
    line = {"command": "meeting record", "as": "sec", "on": "2020-01-01"}
    line |= {"slug": "dc-example", "title": f"one{separator}two"}
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = shell("import", str(path))
    assert result.exit_code == 0, result.output
    titles = [e.get("title") for e in shell.json("log")]
    assert f"one{separator}two" in titles


def test_a_statement_names_every_problem_even_when_a_part_is_invalid():
    doc = statement()
    del doc["need"]
    doc["members"][2]["group"] = "government"  # two stakeholder groups left
    doc["members"][0]["email"] = "not-an-address"
    with pytest.raises(StatementInvalid) as refused:
        validate_statement(doc)
    problems = " | ".join(refused.value.problems)
    assert "missing need" in problems
    assert "cover 2 stakeholder group(s)" in problems
    assert "members.0.email" in problems


def test_the_refusal_of_a_statement_of_many_founders_names_every_problem(shell, tmp_path):
    """Eight founders without addresses or groups: the one Error line is not cut short."""
    founders = [{"handle": f"member-number-{i}", "name": f"M{i}"} for i in range(8)]
    doc = {"name": "DC Long", "need": "x", "action_plan": "y", "members": founders}
    doc["contacts"] = founders[:1]
    (tmp_path / "long.json").write_text(json.dumps(doc))
    before = shell.events()
    refused = shell("coalition", "propose", "--statement", str(tmp_path / "long.json"), actor="sec")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: the statement is incomplete: missing mailing_list; contacts.0: missing email; "
        "members.0-7: missing email, group; "
        "founding members cover 0 stakeholder group(s), at least 3 are required\n"
    )
    assert shell.events() == before


@pytest.mark.parametrize(
    "args",
    [
        ["person", "register", "zed\n", "--name", "Z", "--email", "z@example.org"],
        ["person", "register", "zed", "--name", "Z", "--email", "z@example.org\n"],
        ["review", "members", "0"],
        ["review", "members", "2005"],
        ["charter", "review", "1900", "--notes", "n"],
        ["report", "file", "dc-example", "2100", "--url", "https://x"],
        # Dates only as YYYY-MM-DD: Python also reads these two, pydantic a count of seconds.
        ["meeting", "record", "dc-example", "--title", "t", "--on", "20190601"],
        ["meeting", "record", "dc-example", "--title", "t", "--on", "2019-W22-3"],
        ["status", "--as-of", "2019-W22-3"],
        ["status", "--known-at", "20190601"],  # was read as the day's first instant
        ["status", "--known-at", "2019-W22-3T10:00"],
        [
            "report",
            "request-extension",
            "dc-example",
            "2019",
            "--until",
            "1593475200",
            "--reason",
            "r",
        ],
        [
            "report",
            "request-extension",
            "dc-example",
            "2019",
            "--until",
            "20200630",
            "--reason",
            "r",
        ],
    ],
)
def test_values_once_accepted_are_refused(shell, args):
    before = shell.events()
    result = shell(*args, actor="sec")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")
    assert shell.events() == before


def test_init_as_someone_other_than_its_secretariat_is_refused_and_leaves_no_file(tmp_path):
    shell = Shell(tmp_path)
    args = ["init", "--secretariat", "s2", "--name", "S", "--email", "s@x.org"]
    result = shell(*args, actor="sec")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: init is recorded by the secretariat it names: --as sec is not s2 "
        "(leave --as out, or unset DCLEDGER_AS)\n"
    )
    assert list(tmp_path.iterdir()) == []
    assert shell(*args, actor="s2").exit_code == 0


def test_views_naming_the_ledger_are_refused(tmp_path):
    shell = Shell(tmp_path).founded()
    before = Path(shell.ledger).read_bytes()
    result = shell.runner.invoke(cli, ["--ledger", shell.ledger, "--views", shell.ledger, "status"])
    assert result.exit_code == 1
    assert "names the ledger itself" in result.stderr
    assert Path(shell.ledger).read_bytes() == before


def test_a_private_file_that_would_be_the_ledger_is_refused(tmp_path):
    ledger = tmp_path / "x.private.db"
    shell = Shell(tmp_path, ledger=str(ledger)).founded()
    before = ledger.read_bytes()
    views = str(tmp_path / "x.views.db")
    result = shell.runner.invoke(cli, ["--ledger", str(ledger), "--views", views, "status"])
    assert result.exit_code == 1
    assert "names the ledger itself" in result.stderr
    assert ledger.read_bytes() == before


def test_a_closed_pipe_ends_quietly(shell):
    dcledger = Path(sys.executable).parent / "dcledger"
    command = [str(dcledger), "--ledger", shell.ledger, "--views", str(shell.folder / "v.db")]
    process = subprocess.Popen([*command, "log"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert stderr == ""


def test_a_postgresql_ledger_without_its_driver_says_how_to_install_it(postgres_url, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra was not installed
    args = ["--ledger", postgres_url, "init", "--secretariat", "s", "--name", "S"]
    result = CliRunner().invoke(cli, [*args, "--email", "s@x.org"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: a PostgreSQL ledger needs the PostgreSQL driver: pip install "
        "'dcledger[postgres]' (from a checkout: pip install -e '.[postgres]')\n"
    )
    monkeypatch.delitem(sys.modules, "psycopg")
    import psycopg

    schema = postgres_url.split("schema=")[1]
    with psycopg.connect(postgres_url.split("?")[0]) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]
        ).fetchone()[0]
    assert tables == 0  # nothing written


def test_a_date_that_is_no_date_is_named_as_dates_are(shell):
    """As --on and --as-of are (the --until case is in test_cli's exact refusals)."""
    before = shell.events()
    result = shell("vote", "open", "1", "--closes", "soon", actor="sec")
    assert result.exit_code == 1
    assert result.stderr == "Error: vote open: closes 'soon' is not a date (YYYY-MM-DD)\n"
    assert shell.events() == before


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/r", "hello world"])
def test_a_report_url_is_an_http_url_and_a_refused_one_writes_nothing(shell, url):
    before = shell.json("log")
    result = shell(
        "report", "file", "dc-example", "2019", "--url", url, "--on", "2020-02-01", actor="sec"
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: report URL {url!r} is not an http(s) URL")
    assert shell.json("log") == before
    ok = shell(
        "report", "file", "dc-example", "2019", "--url", "https://example.org/r", actor="sec"
    )
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2005", "line 1: year 2005 is not between 2006 and"),
        (" 2100", "line 1: year 2100 is not between 2006 and"),
        (True, "line 1: year true is not a year"),
    ],
)
def test_an_import_lines_year_in_quotes_or_as_a_boolean_meets_the_year_range(
    shell, tmp_path, year, message
):
    """The command line refuses `review members 2005`; an import line quoting the year
    (or giving true, read as 1) went past that check and was recorded."""
    line = {"command": "review members", "as": "sec", "on": "2020-01-01", "year": year}
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps(line) + "\n")
    before = shell.json("log")
    result = shell("import", str(path))
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert shell.json("log") == before


def test_a_lone_surrogate_is_refused_as_not_text(shell, tmp_path):
    """From a JSON `\\ud800` escape, or argv bytes that are not UTF-8: storing or printing
    it failed with an internal error."""
    path = tmp_path / "lines.jsonl"
    path.write_text(
        '{"command": "meeting record", "as": "ana", "on": "2020-01-01", '
        '"slug": "dc-example", "title": "a\\ud800b"}\n'
    )
    before = shell.json("log")
    for result in (
        shell("import", str(path)),
        shell("meeting", "record", "dc-example", "--title", "a\udcffb", actor="ana"),
    ):
        assert result.exit_code == 1
        assert result.stderr.endswith("title contains a lone surrogate, which is not text\n")
        assert len(result.stderr.splitlines()) == 1
    assert shell.json("log") == before


def test_a_bad_value_is_named_before_the_ledger_or_a_key_is_opened(tmp_path):
    """The error names what the user typed wrong, whatever else is missing: the ledger,
    the key; and a bad value given to a second init is not told to start over."""
    missing = Shell(tmp_path, str(tmp_path / "missing.db"))
    bad = missing("coalition", "decline", "dc-x", "--reason", "a\x01b", actor="sec")
    assert bad.exit_code == 1 and "control character" in bad.stderr, bad.stderr
    period = missing("changes", "2020-01-01", "2019-01-01")
    assert period.stderr == "Error: TO 2019-01-01 is before FROM 2020-01-01\n"
    shell = Shell(tmp_path).founded()
    again = shell("init", "--secretariat", "sec", "--name", "S\x01", "--email", "s@x.org")
    assert again.exit_code == 1 and "control character" in again.stderr
    assert "start over" not in again.stderr
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("s.json", "{", "is not valid JSON: "),
        ("s.cfg", "{", "is not valid JSON (a .cfg file is read as JSON): "),
        ("s", "{", "is not valid JSON: "),
        ("s.toml", "name = ", "is not valid TOML: "),
    ],
)
def test_a_statement_that_does_not_parse_names_how_it_was_read(shell, tmp_path, name, text, said):
    path = tmp_path / name
    path.write_text(text)
    before = shell.events()
    result = shell("coalition", "propose", "--statement", str(path), actor="sec")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {path} {said}"), result.stderr
    assert len(result.stderr.splitlines()) == 1 and shell.events() == before


def test_an_extension_asked_for_on_the_deadline_day_is_refused_and_writes_nothing(shell):
    ask = ["report", "request-extension", "dc-example", "2019", "--until", "2020-06-30"]
    before = shell.events()
    refused = shell(*ask, "--reason", "late data", "--on", "2020-03-31", actor="ana")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: an extension must be requested before the deadline it extends (2020-03-31), "
        "not on 2020-03-31 [rule: extension-before-deadline]\n"
    )
    assert shell.events() == before
    shell.ok(*ask, "--reason", "late data", "--on", "2020-03-30", actor="ana")
    assert shell.events() == before + 1
