"""The command line contract: names, outputs, JSON keys, errors."""

import json
import sqlite3

import click
import pytest
from click.testing import CliRunner

from dcledger.cli.main import cli
from tests.e2e.cli_helpers import Shell


@pytest.fixture
def shell(tmp_path):
    return Shell(tmp_path).founded()


def all_commands(group: click.Group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*path, name))


@pytest.mark.parametrize("path", [p for p, _ in all_commands(cli)], ids=" ".join)
def test_every_command_has_help(tmp_path, path):
    result = Shell(tmp_path)(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    command = dict(all_commands(cli))[path]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_recording_prints_exactly_what_it_recorded(tmp_path):
    shell = Shell(tmp_path)
    result = shell.ok("init", "--secretariat", "sec", "--name", "Sec", "--email", "s@igf.example")
    assert result.stdout == (
        "Recorded ledger.initialized as event 1\nRecorded person.registered as event 2\n"
        "Recorded person.key_added as event 3\n"
    )
    key = tmp_path / "config" / "dcledger" / "keys" / "sec"
    assert f"New signing key for sec: {key} (public key: {key}.pub)" in result.stderr


def test_propose_prints_only_the_slug_on_stdout(tmp_path):
    shell = Shell(tmp_path)
    shell.ok("init", "--secretariat", "sec", "--name", "Sec", "--email", "s@igf.example")
    result = shell.ok("coalition", "propose", "--statement", shell.statement_file(), actor="sec")
    assert result.stdout == "dc-example\n"
    assert result.stderr == "Recorded coalition.proposed as event 4\n"


def test_status_json_keys(shell):
    rows = shell.json("status", "--as-of", "2019-06-01")
    assert rows == [
        {
            "slug": "dc-example",
            "name": "Dynamic Coalition on Example Matters",
            "status": "active",
            "eligible_for_session": False,
            "eligibility_reason": "recognized in 2019: no 2018 report",
            "missed_report_years": [],
            "inactive_since": None,
            "reasons": [],
            "flags": ["not subscribed to the mailing list: ana, bo, cy"],
            "recognized_on": "2019-02-01",
            "as_of": "2019-06-01",
        }
    ]
    assert shell.json("status", "dc-example", "--as-of", "2019-06-01") == rows[0]
    # The global --json works as well as the command's own.
    assert json.loads(shell.ok("--json", "status", "--as-of", "2019-06-01").stdout) == rows


def test_members_json_keys(shell):
    rows = shell.json("members", "dc-example", "--as-of", "2020-03-01")
    assert rows[0] == {
        "handle": "ana",
        "name": "Ana Example",
        "role": "full",
        "group": "civil-society",
        "coordinator": True,
        "representative": False,
        "contact_stale": True,
        "subscribed": False,
        "joined_on": "2019-02-01",
        "contact_confirmed_on": "2019-02-01",
    }


def test_log_json_has_the_envelope_and_the_fields(shell):
    entries = shell.json("log", "--coalition", "dc-example")
    assert [e["type"] for e in entries] == ["coalition.proposed", "coalition.recognized"]
    first = entries[0]
    assert {"id", "type", "actor", "effective_date", "recorded_at", "statement", "slug"} <= set(
        first
    )
    assert (first["actor"], first["effective_date"]) == ("sec", "2019-01-10")
    assert len(shell.json("log", "--limit", "2")) == 2


def test_log_says_for_whom_and_what_was_retracted(shell):
    register = ["person", "register", "eve", "--name", "Eve", "--email", "e@x.org"]
    shell.ok(*register, "--on", "2019-03-01", actor="sec")
    joined = ["member", "join", "dc-example", "--group", "academia", "--person", "eve"]
    shell.ok(*joined, "--on", "2019-03-02", actor="sec")
    event = shell.json("log")[-1]
    assert (event["actor"], event["person"]) == ("sec", "eve")
    retract = ["retract", str(event["id"]), "--reason", "not yet", "--on", "2019-03-03"]
    shell.ok(*retract, actor="sec")
    table = shell.ok("log", columns=200).stdout
    assert f"for eve; retracted by {event['id'] + 1}" in table
    assert "for eve" not in shell.ok("log", "--format", "csv").stdout  # fields, not the note


def test_the_review_in_every_format(shell):
    shell.ok(
        "report",
        "file",
        "dc-example",
        "2019",
        "--url",
        "https://r",
        "--on",
        "2020-03-31",
        actor="ana",
    )
    review = shell.json("review", "2019", "--as-of", "2020-06-01")
    assert review["coalitions"][0]["report"] == {
        "owed": True,
        "due": "2020-03-31",
        "extension": None,
        "filed_on": "2020-03-31",
        "outcome": "on-time",
    }
    assert review["totals"]["reports_on_time"] == 1
    text = shell.ok("review", "2019", "--format", "csv", "--as-of", "2020-06-01").stdout
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [
        (r["slug"], r["report_outcome"], r["eligible_for_session_next_year"]) for r in rows
    ] == [("dc-example", "on-time", "yes")]
    markdown = shell.ok("review", "2019", "--format", "markdown", "--as-of", "2020-06-01").stdout
    assert markdown.startswith("# Dynamic Coalitions: yearly review 2019\n")
    assert "| Dynamic Coalition on Example Matters | active | active | on-time 2020-03-31 |" in (
        markdown
    )
    assert "dc-example" in shell.ok("review", "2019").stdout


def refused(shell: Shell, *args: str, actor: str | None = None) -> str:
    before = shell.events()
    result = shell(*args, actor=actor)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert shell.events() == before
    return lines[0]


@pytest.mark.parametrize(
    ("args", "actor", "message"),
    [
        (
            ("coalition", "recognize", "dc-example", "--on", "2019-03-01"),
            "bo",
            "Error: bo does not hold the secretariat office on 2019-03-01; coalition recognize "
            "needs it [rule: office-held]",
        ),
        (
            ("member", "join", "dc-example", "--group", "academia", "--on", "2019-02-30"),
            "bo",
            "Error: --on '2019-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            ("member", "join", "dc-nowhere", "--group", "academia"),
            "bo",
            "Error: no coalition 'dc-nowhere'",
        ),
        (
            ("member", "join", "dc-example", "--group", "academia"),
            None,
            "Error: say who is recording: --as HANDLE (or DCLEDGER_AS)",
        ),
        (
            ("coalition", "propose", "--statement", "/nonexistent.json"),
            "sec",
            "Error: no such file: /nonexistent.json",
        ),
        (
            (
                "output",
                "record",
                "dc-example",
                "--kind",
                "document",
                "--title",
                "t",
                "--agreement",
                "a",
            ),
            "ana",
            "Error: an output records its dissenting viewpoints (--dissent) or states that "
            "none were raised (--no-dissent): exactly one of the two [rule: dissent-recorded]",
        ),
        (
            (
                "report",
                "request-extension",
                "dc-example",
                "2019",
                "--until",
                "soon",
                "--reason",
                "x",
            ),
            "ana",
            "Error: report request-extension: until 'soon' is not a date (YYYY-MM-DD)",
        ),
        (("status", "dc-nowhere"), None, "Error: no coalition 'dc-nowhere'"),
        (
            ("status", "--as-of", "yesterday"),
            None,
            "Error: --as-of 'yesterday' is not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_refusals_are_one_error_line_exit_one_and_write_nothing(shell, args, actor, message):
    assert refused(shell, *args, actor=actor) == message


def test_a_bad_statement_file_names_every_problem(shell, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "DC on Gaps"\nneed = "yes"\n')
    message = refused(shell, "coalition", "propose", "--statement", str(bad), actor="sec")
    assert message == (
        "Error: the statement is incomplete: missing action_plan, mailing_list, contacts, members"
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert refused(
        shell, "coalition", "propose", "--statement", str(broken), actor="sec"
    ).startswith("Error: ")


def test_usage_mistakes_exit_two(shell):
    result = shell("member", "set-role", "dc-example", "bo", "king", actor="ana")
    assert result.exit_code == 2


def test_no_ledger_is_created_by_a_mistaken_path(tmp_path):
    shell = Shell(tmp_path, ledger=str(tmp_path / "typo.db"))
    result = shell("status")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no ledger at {tmp_path / 'typo.db'}; create one with 'dcledger init'\n",
    )
    assert not (tmp_path / "typo.db").exists()


def test_files_that_are_not_ledgers_are_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 200)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE things (x)")
    for path in (text, foreign, tmp_path):
        result = Shell(tmp_path, ledger=str(path))("status")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and "not a" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    with sqlite3.connect(foreign) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["things"]


def test_a_locked_ledger_is_a_clear_error(shell, monkeypatch):
    monkeypatch.setenv("DCLEDGER_LOCK_TIMEOUT", "1")
    before = shell.events()
    holder = sqlite3.connect(shell.ledger, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = shell("meeting", "record", "dc-example", "--title", "t", actor="ana")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "locked" in result.stderr
    assert shell.events() == before


def test_locked_read_models_are_said_to_be_locked_and_never_replaced(shell, monkeypatch):
    monkeypatch.setenv("DCLEDGER_LOCK_TIMEOUT", "0.2")
    shell.ok("status")
    views = shell.folder / "dc.views.db"
    inode = views.stat().st_ino
    holder = sqlite3.connect(views, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        shown, rebuilt = shell("status"), shell("rebuild")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    for result in (shown, rebuilt):
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: the read models at {views} are locked by another process; try again\n"
        )
    assert views.stat().st_ino == inode  # rebuild did not replace the file under its holder


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    result = Shell(tmp_path, ledger="postgresql://nobody@127.0.0.1:9/none")("status")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot reach the ledger at postgresql://127.0.0.1:9/none: nothing accepts "
        "connections at 127.0.0.1:9 (wrong port, or no server)"
    )
    assert "nobody" not in result.stderr  # no credentials in messages


def test_rebuild_reports_and_changes_nothing(shell):
    before = shell.json("log")
    assert shell.json("rebuild")["events"] == len(before)
    assert shell.json("log") == before


def test_a_refused_init_leaves_no_file(tmp_path):
    shell = Shell(tmp_path)
    result = shell("init", "--secretariat", "Bad Handle", "--name", "S", "--email", "s@x.org")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: handle 'Bad Handle' must be lowercase letters, digits, '.', '_' or '-'\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_init_on_a_folder_says_so_and_never_advises_removing_it(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    shell = Shell(tmp_path, ledger=str(folder))
    result = shell("init", "--secretariat", "sec", "--name", "S", "--email", "s@x.org")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {folder} is a folder, not a ledger file\n",
    )
    assert list(folder.iterdir()) == []


def test_a_refused_import_into_a_new_ledger_leaves_no_file(tmp_path):
    history = tmp_path / "h.jsonl"
    history.write_text(
        '{"command": "init", "as": "sec", "secretariat": "sec", "name": "S", "email": "s@x.org"}\n'
        '{"command": "person register", "as": "sec", "handle": "x", "name": "X"}\n'
    )
    result = Shell(tmp_path)("import", str(history))
    assert result.exit_code == 1
    assert result.stderr == ("Error: line 2: person register: email: Missing required argument\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.jsonl"]


def test_a_postgres_schema_without_a_ledger_is_refused_and_left_empty(tmp_path, postgres_url):
    import psycopg

    result = Shell(tmp_path, ledger=postgres_url)("status")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ledger at postgresql://127.0.0.1:5432/test?schema=")
    assert result.stderr.endswith("; create one with 'dcledger init'\n")
    schema = postgres_url.rsplit("schema=", 1)[1]
    with psycopg.connect(postgres_url.split("?")[0]) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema]
        ).fetchone()[0]
    assert tables == 0


def test_a_second_init_on_postgresql_says_how_to_start_over(tmp_path, postgres_url):
    shell = Shell(tmp_path, ledger=postgres_url)
    init = ["init", "--secretariat", "s", "--name", "S", "--email", "s@x.org"]
    shell.ok(*init)
    before = shell.events()
    again = shell(*init)
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: this ledger is already initialized; to start over, drop the schema's "
        "dcledger tables or use another ?schema=\n",
    )
    assert shell.events() == before


@pytest.mark.parametrize("group", [[], ["coalition"], ["member"]])
def test_a_group_without_a_command_shows_its_whole_help(group):
    runner = CliRunner()
    bare = runner.invoke(cli, group)
    helped = runner.invoke(cli, [*group, "--help"])
    assert bare.exit_code == 2  # click's: a usage mistake
    assert bare.stderr == helped.stdout
    assert "\\n" not in bare.stderr and "Commands:" in bare.stderr


def test_the_review_table_tells_a_granted_extension_from_a_denied_or_pending_one(shell):
    def ask(year: int, on: str) -> None:
        until = ["--until", f"{year + 1}-06-30", "--reason", "late data", "--on", on]
        shell.ok("report", "request-extension", "dc-example", str(year), *until, actor="ana")

    ask(2019, "2020-03-01")
    shell.ok("report", "grant-extension", "dc-example", "2019", "--on", "2020-03-05", actor="sec")
    ask(2020, "2021-03-01")
    deny = ["--reason", "no", "--on", "2021-03-05"]
    shell.ok("report", "deny-extension", "dc-example", "2020", *deny, actor="sec")
    ask(2021, "2022-03-01")
    for year, on in ((2019, "2020-05-01"), (2020, "2021-04-10")):
        report = ["--url", "https://r", "--on", on]
        shell.ok("report", "file", "dc-example", str(year), *report, actor="ana")

    def cell(year: int) -> str:
        table = shell.ok("review", str(year), "--as-of", "2022-03-10", columns=200).stdout
        row = next(line for line in table.splitlines() if line.startswith("dc-example"))
        return next(c for c in ("extended", "ext. denied", "ext. pending") if f"({c})" in row)

    assert [cell(2019), cell(2020), cell(2021)] == ["extended", "ext. denied", "ext. pending"]
