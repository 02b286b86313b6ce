"""A ledger started today records the years before it: backfilling past years is normal,
and the founding secretariat holds office from the start of the record."""

from __future__ import annotations

from tests.e2e.cli_helpers import Shell


def started_today_with_a_coalition_of_2019(folder) -> Shell:
    """A bare `init` (dated today), then a coalition proposed and recognized in 2019."""
    shell = Shell(folder)
    shell.ok("init", "--secretariat", "sec", "--name", "Sec", "--email", "sec@igf.example")
    statement = shell.statement_file()
    shell.ok("coalition", "propose", "--statement", statement, "--on", "2019-01-10", actor="sec")
    shell.ok("coalition", "recognize", "dc-example", "--on", "2019-02-01", actor="sec")
    return shell


def test_a_ledger_started_today_records_the_years_before_it(tmp_path):
    shell = started_today_with_a_coalition_of_2019(tmp_path)
    register = ["person", "register", "eve", "--name", "Eve", "--email", "eve@example.org"]
    shell.ok(*register, "--on", "2019-03-01", actor="sec")
    shell.ok(
        "member", "join", "dc-example", "--group", "academia", "--on", "2019-03-02", actor="eve"
    )
    shell.ok("person", "grant", "eve", "--office", "dccg", "--on", "2019-04-01", actor="sec")
    (status,) = shell.json("status", "--as-of", "2019-06-01")
    assert (status["slug"], status["status"]) == ("dc-example", "active")
    assert "eve" in {
        m["handle"] for m in shell.json("members", "dc-example", "--as-of", "2019-06-01")
    }
    assert shell.ok("audit").exit_code == 0
    assert shell.ok("verify").exit_code == 0


def test_a_person_registered_today_still_did_nothing_before(tmp_path):
    shell = started_today_with_a_coalition_of_2019(tmp_path)
    shell.ok(
        "person", "register", "zed", "--name", "Zed", "--email", "zed@example.org", actor="sec"
    )
    before = shell.events()
    refused = shell(
        "member", "join", "dc-example", "--group", "academia", "--on", "2019-04-01", actor="zed"
    )
    assert refused.exit_code == 1
    assert (
        refused.stderr == "Error: zed is not a registered person on 2019-04-01 [rule: registered]\n"
    )
    # Only the founding secretariat acts before the founding, not one granted the office today.
    shell.ok("person", "grant", "zed", "--office", "secretariat", actor="sec")
    refused = shell(
        *["person", "register", "ann", "--name", "Ann", "--email", "a@example.org"],
        "--on",
        "2019-05-01",
        actor="zed",
    )
    assert refused.exit_code == 1
    assert "zed does not hold the secretariat office on 2019-05-01" in refused.stderr
    assert shell.events() == before + 1
