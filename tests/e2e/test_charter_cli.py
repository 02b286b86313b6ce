"""The charter's procedure from the command line, as the DCCG and members run it."""

import csv
import io

import pytest

from tests.e2e.cli_helpers import rebase_after_a_vote, with_charter
from tests.site_helpers import broken_links, parse


@pytest.fixture
def shell(tmp_path):
    return with_charter(tmp_path)


def test_the_lifecycle_from_the_command_line(shell, tmp_path):
    proposed = shell.ok(
        "amendment",
        "propose",
        "--section",
        "principles",
        "--text-file",
        str(tmp_path / "new.md"),
        "--rationale",
        "clearer",
        "--message-id",
        "<p1@lists.example.org>",
        "--on",
        "2019-04-01",
        actor="bo",
    )
    assert proposed.stdout == "1\n"
    shell.ok(
        "amendment",
        "discuss",
        "1",
        "--ref",
        "<re-p1@lists.example.org>",
        "--on",
        "2019-04-05",
        actor="ana",
    )
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    shell.ok(
        "vote",
        "open",
        "1",
        "--closes",
        "2019-05-31",
        "--threshold",
        "two-thirds",
        "--quorum",
        "1/2",
        "--on",
        "2019-05-01",
        actor="dee",
    )
    for voter, choice in (("ana", "yes"), ("bo", "yes"), ("cy", "no")):
        args = ["vote", "cast", "1", choice, "--on", "2019-05-10"]
        if choice == "no":
            args += ["--statement", "Keep the old words"]
        shell.ok(*args, actor=voter)
    assert shell.json("vote", "show", "1") == {
        "amendment": 1,
        "electorate": 3,
        "yes": 2,
        "no": 1,
        "abstain": 0,
        "turnout": 1.0,
        "quorum": "1/2",
        "quorum_met": True,
        "threshold": "two-thirds",
        "threshold_met": True,
        "outcome": "open",
        "opened_on": "2019-05-01",
        "closes": "2019-05-31",
        "closed_on": None,
        "ballots_cast": 3,
        "dissent": ["Keep the old words"],
    }
    shell.ok("vote", "close", "1", "--on", "2019-05-31", actor="dee")
    shell.ok("amendment", "incorporate", "1", "--on", "2019-06-01", actor="dee")
    shown = shell.json("charter", "show")
    assert shown == {
        "version": 2,
        "effective_date": "2019-06-01",
        "amendment": 1,
        "sections": [
            {"id": "principles", "title": "Principles", "text": "Open to everyone, always.\n"},
            {"id": "review", "title": "Review", "text": "Every year.\n"},
        ],
    }
    assert shell.json("charter", "show", "--version", "1")["sections"][0]["text"] == (
        "Open to all.\n"
    )
    assert shell.ok("charter", "diff", "1", "2").stdout == (
        "--- v1/principles\n+++ v2/principles\n@@ -1 +1 @@\n-Open to all.\n"
        "+Open to everyone, always.\n"
    )
    audit = shell("charter", "audit")
    assert audit.exit_code == 0
    assert audit.stdout == (
        "pass  v1 (no amendment): adopted by the rules - adopted on 2019-03-01 by dee, "
        "re-checked on its date\n"
        "pass  v2 amendment 1: from one ratified, closed, incorporated amendment - "
        "amendment 1 is incorporated\n"
        "pass  v2 amendment 1: versions in order - v1 2019-03-01, v2 2019-06-01\n"
        "pass  v2 amendment 1: one version per incorporated amendment - amendment 1 is "
        "incorporated; charter version(s) made from it: v2\n"
        "pass  v2 amendment 1: every step followed the rules - proposal, consensus, vote, "
        "tally and incorporation re-checked on their dates\n"
        "5 passed, 0 failed\n"
    )
    rows = shell.ok("charter", "audit", "--format", "csv").stdout.splitlines()
    assert rows[0] == "version,amendment,check,result,reason"
    assert len(rows) == 6 and all(",pass," in row for row in rows[1:])
    assert shell.json("charter", "audit")["ok"] is True
    story = shell.json("amendment", "show", "1")
    assert (story["status"], story["vote"]["outcome"], story["discussion"][0]["by"]) == (
        "incorporated",
        "ratified",
        "ana",
    )
    assert shell.json("charter", "history")[1] == {
        "version": 2,
        "effective_date": "2019-06-01",
        "amendment": 1,
        "incorporated_by": "dee",
    }


def test_refused_charter_steps_are_one_error_line(shell, tmp_path):
    before = shell.events()
    result = shell("vote", "open", "9", "--closes", "2019-05-31", actor="dee")
    assert (result.exit_code, result.stderr) == (1, "Error: no amendment 9\n")
    result = shell(
        "amendment",
        "propose",
        "--section",
        "nowhere",
        "--text-file",
        str(tmp_path / "new.md"),
        "--rationale",
        "r",
        "--message-id",
        "<m@x>",
        actor="bo",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown charter section(s): nowhere")
    assert shell.events() == before


def test_a_vote_opened_without_a_threshold_takes_the_policys_default(shell, tmp_path, monkeypatch):
    """The default threshold is the ledger's policy, not a second copy in the CLI."""
    from dcledger.ledger import policy

    monkeypatch.setattr(policy, "DEFAULT_THRESHOLD", "two-thirds")
    args = ["--section", "principles", "--text-file", str(tmp_path / "new.md")]
    args += ["--rationale", "clearer", "--message-id", "<p1@lists.example.org>"]
    shell.ok("amendment", "propose", *args, "--on", "2019-04-01", actor="bo")
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    shell.ok("vote", "open", "1", "--closes", "2019-05-31", "--on", "2019-05-01", actor="dee")
    assert shell.json("vote", "show", "1")["threshold"] == "two-thirds"


def test_a_vote_opened_without_a_quorum_shows_none(shell, tmp_path):
    """No --quorum is no quorum: shown as such, not as a quorum of 0; the JSON keeps its
    keys and types (`quorum` a fraction as text, `quorum_met` a boolean)."""
    args = ["--section", "principles", "--text-file", str(tmp_path / "new.md")]
    args += ["--rationale", "clearer", "--message-id", "<p1@lists.example.org>"]
    shell.ok("amendment", "propose", *args, "--on", "2019-04-01", actor="bo")
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    shell.ok("vote", "open", "1", "--closes", "2019-05-31", "--on", "2019-05-01", actor="dee")
    lines = shell.ok("vote", "show", "1").stdout.splitlines()
    assert "quorum: no quorum" in lines and "quorum_met: no quorum" in lines
    shown = shell.json("vote", "show", "1")
    assert (shown["quorum"], shown["quorum_met"]) == ("0", True)


def test_a_vote_with_a_quorum_says_whether_it_was_met(shell, tmp_path):
    args = ["--section", "principles", "--text-file", str(tmp_path / "new.md")]
    args += ["--rationale", "clearer", "--message-id", "<p1@lists.example.org>"]
    shell.ok("amendment", "propose", *args, "--on", "2019-04-01", actor="bo")
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    opening = ["vote", "open", "1", "--closes", "2019-05-31", "--quorum", "1/2"]
    shell.ok(*opening, "--on", "2019-05-01", actor="dee")
    lines = shell.ok("vote", "show", "1").stdout.splitlines()
    assert "quorum: 1/2" in lines and "quorum_met: False" in lines
    for voter in ("ana", "bo"):
        shell.ok("vote", "cast", "1", "yes", "--on", "2019-05-10", actor=voter)
    assert "quorum_met: True" in shell.ok("vote", "show", "1").stdout.splitlines()
    assert shell.json("vote", "show", "1")["quorum_met"] is True


def test_a_rebased_amendment_says_its_earlier_vote_was_on_a_replaced_text(shell, tmp_path):
    rebase_after_a_vote(shell, tmp_path)
    for shown in (shell("vote", "show", "2"), shell("vote", "show", "2", "--json")):
        assert (shown.exit_code, shown.stdout, shown.stderr) == (
            1,
            "",
            "Error: amendment 2 has no vote on its current text"
            " (it is proposed; 1 earlier vote was on a replaced text)\n",
        )
    shell.ok("amendment", "consensus", "2", "--on", "2019-06-03", actor="dee")
    shell.ok("vote", "open", "2", "--closes", "2019-06-30", "--on", "2019-06-04", actor="dee")
    assert shell.json("vote", "show", "2")["opened_on"] == "2019-06-04"


def test_vote_list_shows_a_quorum_or_says_there_is_none(shell, tmp_path):
    for number, quorum in (("1", ["--quorum", "1/4"]), ("2", [])):
        args = ["--section", "principles", "--text-file", str(tmp_path / "new.md")]
        args += ["--rationale", "clearer", "--message-id", f"<p{number}@lists.example.org>"]
        shell.ok("amendment", "propose", *args, "--on", "2019-04-01", actor="bo")
        shell.ok("amendment", "consensus", number, "--on", "2019-04-20", actor="dee")
        opening = ["vote", "open", number, "--closes", "2019-05-31", "--on", "2019-05-01"]
        shell.ok(*opening, *quorum, actor="dee")
    table = shell.ok("vote", "list").stdout.splitlines()
    assert [line.split("  ")[0] for line in table] == ["amendment", "1", "2"]
    assert "1/4" in table[1] and "no quorum" in table[2] and " 0 " not in table[2]
    rows = list(csv.DictReader(io.StringIO(shell.ok("vote", "list", "--format", "csv").stdout)))
    assert [r["quorum"] for r in rows] == ["1/4", ""]
    assert [v["quorum"] for v in shell.json("vote", "list")] == ["1/4", "0"]


def test_amendment_show_and_its_page_tell_the_votes_on_replaced_texts(shell, tmp_path):
    rebase_after_a_vote(shell, tmp_path)
    shell.ok("publish", str(tmp_path / "before"), "--as-of", "2019-06-02")
    shell.ok("amendment", "consensus", "2", "--on", "2019-06-03", actor="dee")
    shell.ok("vote", "open", "2", "--closes", "2019-06-30", "--on", "2019-06-04", actor="dee")
    shell.ok("publish", str(tmp_path / "after"), "--as-of", "2019-06-04")
    shown = shell.ok("amendment", "show", "2").stdout.splitlines()
    assert shown[-2:] == [
        "1 earlier vote was on a replaced text",
        "vote 2019-06-04..2019-06-30: yes 0, no 0, abstain 0 of 3 -> open",
    ]
    earlier = shell.json("amendment", "show", "2")["earlier_votes"]
    assert [(v["opened_on"], v["outcome"]) for v in earlier] == [("2019-05-01", "ratified")]
    assert "earlier vote" not in shell.ok("amendment", "show", "1").stdout
    line = (
        "<li>Opened on 2019-05-01, closed on 2019-05-31: yes 1, no 0, abstain 0"
        " of an electorate of 3; ratified.</li>"
    )
    for site, vote in (("before", "No vote opened on the current text."), ("after", "Tally")):
        page = tmp_path / site / "charter/amendments/2.html"
        text = page.read_text()
        assert "<h3>Earlier votes, on a replaced text</h3>" in text and line in text
        assert vote in text and "No vote opened.</p>" not in text
        assert broken_links(tmp_path / site, page, parse(page).links) == []
    first = (tmp_path / "after/charter/amendments/1.html").read_text()
    assert "Earlier votes" not in first
