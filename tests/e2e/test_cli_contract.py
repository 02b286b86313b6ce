"""Parts of the command-line contract that a reader of the contract alone would try:
every state question takes --as-of and --known-at; `import` takes the envelope options
of every recording command."""

import json

import pytest

from tests.e2e.cli_helpers import Shell

CHARTER = "# Charter\n\n## Principles\n\nOpen to all.\n"


@pytest.fixture
def shell(tmp_path):
    """A ledger with a charter and amendment 1 voted on from 2019-05-01 to 2019-05-31."""
    shell = Shell(tmp_path).founded()
    register = ["person", "register", "dee", "--name", "Dee", "--email", "dee@x.org"]
    shell.ok(*register, "--on", "2019-01-01", actor="sec")
    shell.ok("person", "grant", "dee", "--office", "dccg", "--on", "2019-01-01", actor="sec")
    (tmp_path / "charter.md").write_text(CHARTER)
    (tmp_path / "new.md").write_text("Open to everyone.\n")
    shell.ok("charter", "adopt", str(tmp_path / "charter.md"), "--on", "2019-03-01", actor="dee")
    propose = ["amendment", "propose", "--section", "principles", "--rationale", "r"]
    text = ["--text-file", str(tmp_path / "new.md"), "--message-id", "<p1@x.org>"]
    shell.ok(*propose, *text, "--on", "2019-04-01", actor="bo")
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    vote = ["vote", "open", "1", "--closes", "2019-05-31", "--on", "2019-05-01"]
    shell.ok(*vote, actor="dee")
    shell.ok("vote", "cast", "1", "yes", "--on", "2019-05-10", actor="ana")
    shell.ok("vote", "close", "1", "--on", "2019-05-31", actor="dee")
    shell.ok("amendment", "incorporate", "1", "--on", "2019-06-01", actor="dee")
    return shell


def test_vote_show_takes_as_of_and_known_at(shell):
    during = shell.json("vote", "show", "1", "--as-of", "2019-05-20")
    assert (during["outcome"], during["yes"], during["closed_on"]) == ("open", 1, None)
    assert shell.json("vote", "show", "1")["outcome"] == "ratified"
    before = shell("vote", "show", "1", "--as-of", "2019-04-25")
    assert (before.exit_code, before.stderr) == (
        1,
        "Error: amendment 1 has no vote (it is consensus)\n",
    )
    unknown = shell("vote", "show", "1", "--known-at", "2000-01-01")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no amendment 1\n")


def test_amendment_show_takes_as_of_and_known_at(shell):
    assert shell.ok("amendment", "show", "1", "--as-of", "2019-04-01").stdout == (
        "Amendment 1: proposed\n"
        "proposed by bo on 2019-04-01 against version 1 (message <p1@x.org>)\n"
        "sections: principles\n"
        "rationale: r\n"
    )
    now = "2999-01-01T00:00:00"
    assert shell.json("amendment", "show", "1", "--known-at", now)["status"] == "incorporated"
    unknown = shell("amendment", "show", "1", "--known-at", "2000-01-01")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no amendment 1\n")


def test_charter_show_and_history_take_as_of_and_known_at(shell):
    assert (
        shell.json("charter", "show", "--as-of", "2019-05-31", "--known-at", "2999-01-01")[
            "version"
        ]
        == 1
    )
    unknown = shell("charter", "show", "--known-at", "2000-01-01")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no charter has been adopted\n")
    history = shell.json("charter", "history", "--as-of", "2019-05-31")
    assert [row["version"] for row in history] == [1]
    unknown = shell("charter", "history", "--known-at", "2000-01-01")
    assert (unknown.exit_code, unknown.stderr) == (1, "Error: no charter has been adopted\n")
    assert [row["version"] for row in shell.json("charter", "history")] == [1, 2]


def test_import_takes_as_on_and_evidence_for_lines_without_their_own(tmp_path):
    shell = Shell(tmp_path).founded()
    lines = [
        {"command": "meeting record", "slug": "dc-example", "title": "given nothing"},
        {"command": "meeting record", "as": "ana", "on": "2020-02-02", "evidence": "<m@x.org>"}
        | {"slug": "dc-example", "title": "given all"},
    ]
    history = tmp_path / "history.jsonl"
    history.write_text("".join(json.dumps(line) + "\n" for line in lines))
    before = shell.events()
    refused = shell("import", str(history), "--on", "2020-13-01", actor="sec")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: --on '2020-13-01' is not a date (YYYY-MM-DD)\n",
    )
    assert shell.events() == before
    given = ["--on", "2020-01-01", "--evidence", "https://example.org/m"]
    assert shell.ok("import", str(history), *given, actor="sec").stdout == (
        "Imported 2 commands as 2 events\n"
    )
    recorded = [
        (e["actor"], e["effective_date"], e["evidence"], e["title"]) for e in shell.json("log")[-2:]
    ]
    assert recorded == [
        ("sec", "2020-01-01", "https://example.org/m", "given nothing"),
        ("ana", "2020-02-02", "<m@x.org>", "given all"),
    ]


def test_import_without_as_anywhere_is_refused(tmp_path):
    shell = Shell(tmp_path).founded()
    history = tmp_path / "history.jsonl"
    history.write_text('{"command": "meeting record", "slug": "dc-example", "title": "t"}\n')
    before = shell.events()
    refused = shell("import", str(history))
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: line 1: say who is recording: --as HANDLE (or DCLEDGER_AS)\n",
    )
    assert shell.events() == before
