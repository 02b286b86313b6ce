"""`import`: JSON Lines of commands, all or nothing, through the same commands as the CLI."""

import json
from pathlib import Path

import pytest

from dcledger.ledger.errors import InvalidInput, LedgerError
from dcledger.ledger.importer import parse_lines
from tests.harness import statement


def write(tmp_path: Path, lines: list[dict | str]) -> Path:
    path = tmp_path / "history.jsonl"
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


def history(tmp_path: Path) -> list[dict]:
    (tmp_path / "st.json").write_text(json.dumps(statement()))
    return [
        {"command": "coalition propose", "as": "sec", "on": "2019-02-01", "statement": "st.json"},
        {"command": "coalition recognize", "as": "sec", "on": "2019-02-10", "slug": "dc-example"},
        {
            "command": "member remove",
            "as": "ana",
            "on": "2019-03-01",
            "slug": "dc-example",
            "handle": "cy",
            "reason": "mistake",
            "label": "oops",
        },
        {
            "command": "retract",
            "as": "sec",
            "on": "2019-03-02",
            "event-id": "@oops",
            "reason": "wrong person",
        },
        {
            "command": "meeting record",
            "as": "ana",
            "on": "2019-04-01",
            "slug": "dc-example",
            "title": "First call",
        },
    ]


def test_an_import_records_every_line_in_order(ledger, tmp_path):
    before = ledger.events()
    outcome = ledger.service.record(parse_lines(write(tmp_path, history(tmp_path))))
    types = [t.split(":")[1] for _, t in outcome.events]
    assert types[:2] == ["coalition.proposed", "coalition.recognized"]
    assert types[-3:] == [
        "coalition.member_removed",
        "coalition.retracted",
        "coalition.meeting_recorded",
    ]
    assert [i for i, _ in outcome.events] == sorted(i for i, _ in outcome.events)
    assert ledger.events() == before + len(types)
    assert "cy" in ledger.registry().coalitions["dc-example"].members


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 6: not JSON"),
        ({"as": "sec"}, 'line 6: needs a "command"'),
        ({"command": "fly away", "as": "sec"}, "line 6: unknown command 'fly away'"),
        (
            {"command": "meeting record", "as": "ana", "slug": "dc-example", "title": "x"}
            | {"label": "oops"},
            "line 6: label 'oops' already names line 3",
        ),
        (
            {"command": "meeting record", "as": "ana", "slug": "dc-example"},
            "line 6: meeting record: title: Missing required argument",
        ),
        (
            {"command": "meeting record", "as": "bo", "slug": "dc-example", "title": "x"},
            "line 6: bo is not a co-coordinator of dc-example nor the secretariat",
        ),
        (
            {"command": "coalition propose", "as": "sec", "statement": "missing.json"},
            "line 6: no such file",
        ),
    ],
)
def test_a_bad_line_anywhere_leaves_the_ledger_unchanged(ledger, tmp_path, bad, message):
    path = write(tmp_path, [*history(tmp_path), bad])
    before = ledger.events()
    with pytest.raises(LedgerError) as refused:
        ledger.service.record(parse_lines(path))
    assert str(refused.value).startswith(message)
    assert ledger.events() == before


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="holds no commands"):
        parse_lines(write(tmp_path, ["# only a comment"]))


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'{"command": "dccg meeting", "as": "dee"}\n{"title": "caf\xe9"}\n')
    with pytest.raises(InvalidInput, match=r"is not UTF-8 text \(line 2: invalid continuation"):
        parse_lines(path)


def test_a_line_that_breaks_an_earlier_lines_event_names_that_line(ledger, tmp_path):
    eve = {"command": "person register", "as": "sec", "on": "2019-02-11", "handle": "eve"}
    joined = {"command": "member join", "as": "eve", "on": "2020-05-02", "slug": "dc-example"}
    left = {"command": "member leave", "as": "eve", "on": "2020-06-01", "slug": "dc-example"}
    undo = {"command": "retract", "as": "sec", "on": "2020-06-02", "event_id": "@j", "reason": "x"}
    lines = [
        *history(tmp_path),
        eve | {"name": "Eve", "email": "eve@example.org"},
        joined | {"group": "academia", "label": "j"},
        left,
        undo,
    ]
    before = ledger.events()
    with pytest.raises(LedgerError) as refused:
        ledger.service.record(parse_lines(write(tmp_path, lines)))
    assert str(refused.value).startswith(
        "line 9: this would make the event of line 8 (coalition.member_left on 2020-06-01) invalid"
    )
    assert ledger.events() == before


def test_review_members_takes_the_cli_option_names(ledger, tmp_path):
    (tmp_path / "st.json").write_text(json.dumps(statement()))
    review = {
        "command": "review members",
        "as": "sec",
        "on": "2020-01-15",
        "year": 2019,
        "notes": "yearly review",
        "set-role": "dc-example:cy:observer",
        "remove": ["dc-example:bo"],
    }
    lines = [*history(tmp_path)[:2], review]
    ledger.service.record(parse_lines(write(tmp_path, lines)))
    members = ledger.registry().coalitions["dc-example"].members
    assert members["cy"].role == "observer" and "bo" not in members
    both = dict(review, set_roles=["dc-example:cy:full"])
    with pytest.raises(InvalidInput, match="give set_role or set_roles, not both"):
        parse_lines(write(tmp_path, [both]))


def test_limits_hold_for_every_caller_of_the_service_not_only_the_cli(sqlite_ledger):
    """The service checks every value's limits before any command runs: a script or an
    import through the service meets the same refusal as the command line."""
    ledger = sqlite_ledger
    slug = ledger.coalition()
    refused = ledger.refused("meeting record", "ana", slug=slug, title="bell\x07", on="2020-01-01")
    assert isinstance(refused, InvalidInput) and "control character" in str(refused)


def test_a_label_names_its_lines_own_decision_not_what_it_recorded_on_the_way(
    sqlite_ledger, tmp_path
):
    """A recognition registers its founders after it; `@label` once named the last of
    them, and a retraction of the recognition by its label was refused."""
    lines = history(tmp_path)[:2]
    lines[1] |= {"label": "rec"}
    lines.append(
        {
            "command": "retract",
            "as": "sec",
            "on": "2019-02-11",
            "event_id": "@rec",
            "reason": "early",
        }
    )
    outcome = sqlite_ledger.service.record(parse_lines(write(tmp_path, lines)))
    types = [t.split(":")[1] for _, t in outcome.events]
    assert types[1] == "coalition.recognized" and types[-1] == "coalition.retracted"
    assert sqlite_ledger.registry().coalitions["dc-example"].lifecycle == "proposed"


def test_a_key_may_be_given_as_its_pub_file_as_the_cli_takes_it(sqlite_ledger, tmp_path):
    from dcledger.ledger.integrity import keys
    from dcledger.ledger.integrity.demo import demo_public

    (tmp_path / "eve.pub").write_text(demo_public("eve") + "\n")
    line = {"command": "person register", "as": "sec", "on": "2019-03-01", "handle": "eve"}
    line |= {"name": "Eve", "email": "eve@example.org", "key": "eve.pub", "label": "eve"}
    sqlite_ledger.service.record(parse_lines(write(tmp_path, [line])))
    expected = keys.fingerprint(keys.parse_public(demo_public("eve")))
    assert sqlite_ledger.registry().persons["eve"].keys == [expected]
    line |= {"handle": "fay", "key": "missing.pub", "label": "fay"}
    with pytest.raises(InvalidInput, match=r"missing\.pub"):
        parse_lines(write(tmp_path, [line]))
