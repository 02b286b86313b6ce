"""Listings, log filters and `changes`: exact output in every format."""

import csv
import io
import json

import pytest

from tests.e2e.cli_helpers import Shell
from tests.e2e.listing_history import record_history


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    folder = tmp_path_factory.mktemp("listings")
    return record_history(Shell(folder), folder)


def test_person_list_never_shows_email_addresses(shell):
    assert shell.ok("person", "list").stdout == (
        "handle  name         registered  offices\n"
        "ana     Ana Example  2019-02-01\n"
        "bo      Bo Example   2019-02-01\n"
        "cy      Cy Example   2019-02-01\n"
        "dee     Dee          2019-01-01  dccg\n"
        "sec     Sec          2019-01-01  secretariat\n"
    )
    assert shell.ok("person", "list", "--format", "csv").stdout == (
        "handle,name,registered_on,offices\n"
        "ana,Ana Example,2019-02-01,\n"
        "bo,Bo Example,2019-02-01,\n"
        "cy,Cy Example,2019-02-01,\n"
        "dee,Dee,2019-01-01,dccg\n"
        "sec,Sec,2019-01-01,secretariat\n"
    )
    people = shell.json("person", "list")
    assert people[3] == {
        "handle": "dee",
        "name": "Dee",
        "registered_on": "2019-01-01",
        "offices": ["dccg"],
    }
    for fmt in ("table", "csv", "json"):
        assert "@" not in shell.ok("person", "list", "--format", fmt).stdout


def test_coalition_list(shell):
    assert shell.ok("coalition", "list").stdout == (
        "slug        name                                  lifecycle   recognized  full"
        "  observers\n"
        "dc-example  Dynamic Coalition on Example Matters  recognized  2019-02-01  3     0\n"
    )
    assert shell.json("coalition", "list") == [
        {
            "slug": "dc-example",
            "name": "Dynamic Coalition on Example Matters",
            "lifecycle": "recognized",
            "proposed_on": "2019-01-10",
            "recognized_on": "2019-02-01",
            "dissolved_on": None,
            "full_members": 3,
            "observers": 0,
            "coordinators": ["ana"],
            "groups": ["academia", "civil-society", "government"],
        }
    ]


def test_amendment_and_vote_lists(shell):
    assert shell.ok("amendment", "list").stdout == (
        "number  status  proposer  proposed    sections    outcome\n"
        "1       voting  bo        2019-04-01  principles  open\n"
    )
    # A vote opened without a quorum has none: said in the table, an empty CSV cell (as
    # the tally still open), the fraction recorded in JSON.
    assert shell.ok("vote", "list").stdout == (
        "amendment  opened      closes      threshold  quorum     electorate  outcome\n"
        "1          2019-05-01  2019-05-31  majority   no quorum  3           open\n"
    )
    assert shell.ok("vote", "list", "--format", "csv").stdout == (
        "amendment,opened_on,closes,threshold,quorum,electorate,yes,no,abstain,outcome\n"
        "1,2019-05-01,2019-05-31,majority,,3,,,,open\n"
    )
    assert shell.json("vote", "list") == [
        {"amendment": 1, "opened_on": "2019-05-01", "closes": "2019-05-31"}
        | {"threshold": "majority", "quorum": "0", "electorate": 3}
        | {"yes": None, "no": None, "abstain": None, "outcome": "open"}
    ]


def test_report_meeting_output_and_dccg_lists(shell):
    assert shell.ok("report", "list", "dc-example", "--year", "2019").stdout == (
        "slug        year  due         filed       on time\n"
        "dc-example  2019  2020-03-31  2020-03-02  yes\n"
    )
    assert shell.ok("report", "list", "--year", "2020").stdout == (
        "slug  year  due  extension  filed  on time\n"
    )
    assert shell.ok("meeting", "list", "dc-example").stdout == (
        "on          slug        title\n2019-03-10  dc-example  Kick-off call\n"
    )
    assert shell.json("output", "list") == [
        {
            "slug": "dc-example",
            "on": "2019-09-01",
            "kind": "document",
            "title": "Principles for example matters",
            "agreement": "all of it",
            "dissent": ["too long"],
        }
    ]
    assert shell.ok("dccg", "list").stdout == (
        "date        held by  attended  coalitions\n2019-05-14  dee      1         dc-example\n"
    )
    assert shell.ok("dccg", "list", "--format", "csv").stdout == (
        "date,held_by,attended,coalitions\n2019-05-14,dee,1,dc-example\n"
    )


def test_a_listing_of_an_unknown_coalition_is_refused(shell):
    for command in ("report", "meeting", "output"):
        result = shell(command, "list", "dc-nowhere")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == "Error: no coalition 'dc-nowhere'\n"


def test_log_filters_by_date_type_and_actor(shell):
    filtered = shell.ok(
        "log", "--type", "coalition.", "--since", "2019-03-01", "--until", "2019-12-31"
    )
    assert filtered.stdout == (
        "id  effective   type                        subject     actor  role\n"
        "15  2019-03-10  coalition.meeting_recorded  dc-example  ana    coordinator\n"
        "16  2019-09-01  coalition.output_recorded   dc-example  ana    coordinator\n"
    )
    assert [e["id"] for e in shell.json("log", "--type", "coalition")] == [4, 5, 15, 16, 19]
    exact = shell.json("log", "--type", "amendment.vote_opened")
    assert [(e["id"], e["type"]) for e in exact] == [(24, "amendment.vote_opened")]
    stem = shell.json("log", "--type", "amendment.vote_")
    assert [(e["id"], e["type"]) for e in stem] == [(24, "amendment.vote_opened")]
    refused = shell("log", "--type", "amendment.vote")  # neither a type, a family nor a stem
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr.startswith("Error: --type 'amendment.vote' matches no event type;")
    # A coalition's log holds its DCCG attendance, a fact of the meeting's record.
    attended = shell.json("log", "--coalition", "dc-example", "--type", "dccg")
    assert [(e["id"], e["type"]) for e in attended] == [(18, "dccg.attended")]
    by_dee = shell.json("log", "--actor", "dee", "--since", "2019-05-01")
    assert [(e["id"], e["effective_date"]) for e in by_dee] == [
        (17, "2019-05-14"),
        (18, "2019-05-14"),
        (24, "2019-05-01"),
    ]
    last = shell.json("log", "--actor", "dee", "--limit", "1")
    assert [e["id"] for e in last] == [24]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("log", "--since", "2019-13-01"),
            "Error: --since '2019-13-01' is not a date (YYYY-MM-DD)",
        ),
        (("log", "--until", "soon"), "Error: --until 'soon' is not a date (YYYY-MM-DD)"),
        (("changes", "2020-01-01", "x"), "Error: TO 'x' is not a date (YYYY-MM-DD)"),
        (("changes", "2020-01-01", "2019-01-01"), "Error: TO 2019-01-01 is before FROM 2020-01-01"),
    ],
)
def test_bad_dates_are_one_error_line(shell, args, message):
    before = shell.events()
    result = shell(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")
    assert shell.events() == before


def test_changes_between_two_dates(shell):
    result = shell.ok("changes", "2019-04-30", "2020-06-01")
    assert result.stdout == (
        "Changes after 2019-04-30 up to 2020-06-01\n"
        "date        what       subject     change\n"
        "2019-05-01  event      1           amendment.vote_opened (event 24 by dee)\n"
        "2019-05-10  event      1           amendment.ballot_cast (event 25 by ana)\n"
        "2019-05-14  event      2019-05-14  dccg.meeting_held (event 17 by dee)\n"
        "2019-05-14  event      2019-05-14  dccg.attended (event 18 by dee)\n"
        "2019-09-01  event      dc-example  coalition.output_recorded (event 16 by ana)\n"
        "2020-03-02  event      dc-example  coalition.report_filed (event 19 by ana)\n"
        "2020-06-01  coalition  dc-example  status active, session no -> yes\n"
    )
    document = shell.json("changes", "2019-04-30", "2020-06-01")
    assert (document["from"], document["to"]) == ("2019-04-30", "2020-06-01")
    assert [e["id"] for e in document["events"]] == [24, 25, 17, 18, 16, 19]
    assert document["coalitions"] == [
        {
            "slug": "dc-example",
            "name": "Dynamic Coalition on Example Matters",
            "status_before": "active",
            "status_after": "active",
            "eligible_before": False,
            "eligible_after": True,
        }
    ]
    rows = list(
        csv.DictReader(
            io.StringIO(shell.ok("changes", "2019-04-30", "2020-06-01", "--format", "csv").stdout)
        )
    )
    assert rows[-1] == {
        "date": "2020-06-01",
        "what": "coalition",
        "subject": "dc-example",
        "change": "status active, session no -> yes",
    }
    # FROM is excluded, TO included; a coalition not yet proposed has no status before.
    assert shell.ok("changes", "2019-01-10", "2019-01-10").stdout == (
        "Changes after 2019-01-10 up to 2019-01-10\ndate  what  subject  change\n"
    )
    first = shell.json("changes", "2019-01-09", "2019-01-10")
    assert [e["type"] for e in first["events"]] == ["coalition.proposed"]
    assert first["coalitions"][0]["status_before"] is None


def test_session_eligibility_is_yes_or_no_everywhere(shell):
    status = shell.ok("status", "--as-of", "2020-06-01").stdout.splitlines()
    assert status[1:3] == [
        "slug        status  session  flags",
        "dc-example  active  yes      2",
    ]
    row = next(
        csv.DictReader(
            io.StringIO(shell.ok("status", "--as-of", "2020-06-01", "--format", "csv").stdout)
        )
    )
    assert row["eligible_for_session"] == "yes"
    review = shell.ok("review", "2019", "--as-of", "2020-06-01").stdout.splitlines()
    assert review[1:3] == [
        "coalition   end 2019  now     2019 report  activity  DCCG  members  session 2020  flags",
        "dc-example  active    active  on-time      1m 1o     1/1   3+0      yes           1",
    ]
    markdown = shell.ok("review", "2019", "--format", "markdown", "--as-of", "2020-06-01")
    assert "| 3 | 0 | yes |" in markdown.stdout
    members = shell.ok("members", "dc-example", "--as-of", "2020-06-01").stdout
    assert members.splitlines()[1:3] == [
        "handle  name         role  group          coordinator  contact  subscribed",
        "ana     Ana Example  full  civil-society  yes          stale    no",
    ]
    members_csv = shell.ok("members", "dc-example", "--as-of", "2020-06-01", "--format", "csv")
    assert members_csv.stdout.splitlines()[:2] == [
        "handle,name,role,group,coordinator,representative,contact_stale,subscribed,joined_on,"
        "contact_confirmed_on",
        "ana,Ana Example,full,civil-society,yes,no,yes,no,2019-02-01,2019-02-01",
    ]


def test_the_global_json_flag_works_on_listings(shell):
    result = shell.ok("--json", "coalition", "list")
    assert json.loads(result.stdout)[0]["slug"] == "dc-example"
    both = shell.ok("person", "list", "--format", "csv", "--json")
    assert json.loads(both.stdout)[0]["handle"] == "ana"


def test_review_year_and_review_members_year_both_work(tmp_path):
    shell = record_history(Shell(tmp_path), tmp_path)
    shown = shell.ok("review", "2019", "--as-of", "2020-06-01", "--format", "csv").stdout
    assert (
        shown
        == shell.ok("review", "show", "2019", "--as-of", "2020-06-01", "--format", "csv").stdout
    )
    assert shown.splitlines()[1].startswith("dc-example,Dynamic Coalition on Example Matters,")
    # As cli.md writes it: no option but the envelope's.
    recorded = shell.ok("review", "members", "2019", "--on", "2020-01-15", actor="sec")
    assert recorded.stdout == "Recorded review.members_reviewed as event 26\n"
    noted = shell.ok(
        "review", "members", "2020", "--notes", "fine", "--on", "2021-01-15", actor="sec"
    )
    assert noted.stdout == "Recorded review.members_reviewed as event 27\n"
    markdown = shell.ok("review", "2019", "--format", "markdown", "--as-of", "2020-06-01").stdout
    assert "no member-status review recorded for 2019" not in markdown
    usage = shell("review", "members", "nineteen")
    assert usage.exit_code == 2


def test_tables_fit_80_columns_at_word_boundaries(shell):
    lines = shell.ok("coalition", "list", columns=60).stdout.splitlines()
    assert lines == [
        "slug        name       lifecycle   recognized  full  observ…",
        "dc-example  Dynamic    recognized  2019-02-01  3     0",
        "            Coalition",
        "            on",
        "            Example",
        "            Matters",
    ]
    for command in (
        ["log"],
        ["changes", "2019-01-01", "2020-06-01"],
        ["dccg", "list"],
        ["status", "--as-of", "2020-06-01"],
        ["review", "2019"],
    ):
        out = shell.ok(*command, columns=80).stdout.splitlines()
        assert max(len(line) for line in out) <= 80, command
        assert not any("…" in line for line in out), command
        assert not set("\n".join(out)) & set("─│┌┐└┘┏┓━┃╇\x1b"), command  # plain text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "--limit", "0"), "Error: --limit 0 is not between 1 and"),
        (("log", "--limit", "99999999999999999999"), "Error: --limit 99999999999999999999 is"),
        (
            ("report", "list", "--year", "99999999999999999999"),
            "Error: --year 99999999999999999999",
        ),
        (("report", "list", "--year", "1800"), "Error: --year 1800 is not between 2006 and"),
    ],
)
def test_out_of_range_listing_values_are_refused(shell, args, message):
    result = shell(*args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1


def test_an_unknown_format_is_a_usage_mistake(shell):
    result = shell("person", "list", "--format", "xml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--format'")
    assert "Traceback" not in result.stderr


def test_status_csv_has_one_header_with_rows_or_without(shell):
    """Scripts read the header: with no coalition it printed 3 columns, with some 11."""
    from dcledger.cli.coalitions import STATUS_KEYS

    full = shell.ok("status", "--format", "csv").stdout.splitlines()
    empty = shell.ok("status", "--as-of", "2018-06-01", "--format", "csv").stdout.splitlines()
    assert empty == [full[0]] and full[0] == ",".join(STATUS_KEYS)
    assert tuple(shell.json("status", "dc-example")) == STATUS_KEYS


def test_changes_as_the_ledger_knew_them(shell):
    """With --known-at, what had changed as recorded by then: here before the report
    that made the coalition eligible was filed."""
    log = {e["id"]: e for e in shell.json("log")}
    before_report = log[18]["recorded_at"]
    document = shell.json("changes", "2019-04-30", "2020-06-01", "--known-at", before_report)
    assert [e["id"] for e in document["events"]] == [17, 18, 16]
    assert document["coalitions"] == []
    spaced = before_report.replace("T", " ")  # as people write it; ISO 8601 says T
    assert shell.json("changes", "2019-04-30", "2020-06-01", "--known-at", spaced) == document


def test_changes_known_at_a_time_before_a_retraction_show_the_event_unretracted(tmp_path):
    shell = Shell(tmp_path).founded()
    meeting = ["meeting", "record", "dc-example", "--title", "Call", "--on", "2019-03-01"]
    shell.ok(*meeting, actor="ana")
    recorded = shell.json("log")[-1]
    shell.ok("retract", str(recorded["id"]), "--reason", "x", "--on", "2019-03-02", actor="ana")
    window = ("changes", "2019-02-28", "2019-03-31")
    now = {e["id"]: e for e in shell.json(*window)["events"]}
    assert now[recorded["id"]]["retracted_by"] == recorded["id"] + 1
    then = shell.json(*window, "--known-at", recorded["recorded_at"])["events"]
    assert [(e["id"], e["retracted_by"]) for e in then] == [(recorded["id"], None)]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-02:00"])
def test_a_known_at_time_outside_the_years_in_utc_is_named(shell, moment):
    before = shell.events()
    result = shell("status", "--known-at", moment)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: --known-at '{moment}' is outside the years 1 to 9999 in UTC\n"
    assert shell.events() == before
