"""Reports, extensions, meetings, outputs, DCCG attendance and reviews, through the service."""

from datetime import UTC, date, datetime

import pytest

from dcledger.ledger.errors import AlreadyExists, InvalidInput, NotPermitted, RuleViolation
from dcledger.projections import queries


def test_reports_and_a_granted_extension_decide_the_status(ledger):
    ledger.coalition(recognized="2019-02-01")
    ledger.run(
        "report file", "ana", slug="dc-example", year=2019, url="https://r/2019", on="2020-03-31"
    )
    ledger.run(
        "report request-extension",
        "ana",
        slug="dc-example",
        year=2020,
        until="2021-06-30",
        reason="new coordinator",
        on="2021-03-20",
    )
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2020, on="2021-04-02")
    ledger.run("report file", "ana", slug="dc-example", year=2020, on="2021-06-30")
    registry = ledger.registry(as_of="2021-07-01")
    row = queries.status_row(
        registry, registry.coalitions["dc-example"], datetime(2021, 7, 1).date()
    )
    assert (row["status"], row["eligible_for_session"], row["missed_report_years"]) == (
        "active",
        True,
        [],
    )
    assert row["eligibility_reason"] == (
        "2020 report filed on time within the granted extension (2021-06-30)"
    )


@pytest.mark.parametrize(
    ("command", "actor", "args", "error", "words"),
    [
        (
            "report file",
            "bo",
            {"slug": "dc-example", "year": 2019},
            NotPermitted,
            "not a co-coordinator",
        ),
        (
            "report file",
            "ana",
            {"slug": "dc-example", "year": 2018},
            RuleViolation,
            "owes no report for 2018",
        ),
        (
            "report file",
            "ana",
            {"slug": "dc-example", "year": 2019, "url": "u", "file": "f"},
            InvalidInput,
            "not both",
        ),
        (
            "report grant-extension",
            "sec",
            {"slug": "dc-example", "year": 2019},
            RuleViolation,
            "no pending extension",
        ),
        (
            "report grant-extension",
            "ana",
            {"slug": "dc-example", "year": 2019},
            NotPermitted,
            "secretariat",
        ),
        (
            "report request-extension",
            "ana",
            {"slug": "dc-example", "year": 2019, "until": "2020-03-01", "reason": "x"},
            RuleViolation,
            "past the deadline 2020-03-31",
        ),
        (
            "output record",
            "ana",
            {"slug": "dc-example", "kind": "document", "title": "t", "agreement": "a"},
            InvalidInput,
            "--no-dissent",
        ),
        (
            "output record",
            "ana",
            {
                "slug": "dc-example",
                "kind": "document",
                "title": "t",
                "agreement": "a",
                "dissent": ["x"],
                "no_dissent": True,
            },
            InvalidInput,
            "exactly one of the two",
        ),
        (
            "output record",
            "ana",
            {
                "slug": "dc-example",
                "kind": "document",
                "title": "t",
                "agreement": "a",
                "dissent": ["  "],
            },
            InvalidInput,
            "a dissenting viewpoint (--dissent) says what it is: it cannot be blank",
        ),
        (
            "output record",
            "ana",
            {
                "slug": "dc-example",
                "kind": "podcast",
                "title": "t",
                "agreement": "a",
                "no_dissent": True,
            },
            InvalidInput,
            "unknown output kind",
        ),
        ("dccg meeting", "ana", {}, NotPermitted, "dccg office"),
        (
            "coalition reactivate",
            "sec",
            {"slug": "dc-example", "reason": "x"},
            RuleViolation,
            "not inactive",
        ),
        (
            "review members",
            "sec",
            {"year": datetime.now(UTC).year + 1},
            RuleViolation,
            "cannot be recorded",
        ),
    ],
)
def test_obligation_refusals_write_nothing(ledger, command, actor, args, error, words):
    ledger.coalition()
    refused = ledger.refused(command, actor, on="2020-02-01", **args)
    assert isinstance(refused, error)
    assert words in str(refused)


def test_outputs_keep_their_dissent(ledger):
    ledger.coalition()
    ledger.run(
        "output record",
        "ana",
        slug="dc-example",
        kind="document",
        title="Paper",
        agreement="Shared principles",
        dissent=["One member objects to clause 2"],
        on="2019-06-01",
    )
    ledger.run(
        "output record",
        "ana",
        slug="dc-example",
        kind="event",
        title="Workshop",
        agreement="All agreed",
        no_dissent=True,
        on="2019-07-01",
    )
    page = queries.coalition_page(ledger.registry(), "dc-example", datetime.now(UTC).date())
    assert [(o["title"], o["dissent"]) for o in page["outputs"]] == [
        ("Paper", ["One member objects to clause 2"]),
        ("Workshop", []),
    ]


def test_dccg_attendance_by_coordinator_or_representative_only(ledger):
    ledger.coalition()
    ledger.run("representative appoint", "ana", slug="dc-example", handle="cy", on="2019-03-01")
    ledger.run("dccg meeting", "dee", on="2019-03-10")
    ledger.run("dccg attend", "dee", slug="dc-example", by="cy", on="2019-03-10")
    error = ledger.refused("dccg attend", "dee", slug="dc-example", by="bo", on="2019-03-10")
    assert "neither a co-coordinator nor the appointed representative" in str(error)
    assert isinstance(ledger.refused("dccg meeting", "dee", on="2019-03-10"), AlreadyExists)
    assert "no DCCG meeting" in str(
        ledger.refused("dccg attend", "dee", slug="dc-example", by="ana", on="2019-03-11")
    )
    meetings = ledger.registry().meetings
    assert [(m.date, m.attendance) for m in meetings] == [(date(2019, 3, 10), {"dc-example": "cy"})]


def test_reactivation_restores_an_inactive_coalition(ledger):
    ledger.coalition(recognized="2019-02-01")
    error = ledger.refused(
        "coalition reactivate", "sec", slug="dc-example", reason="x", on="2021-03-31"
    )
    assert "not inactive on 2021-03-31" in str(error)
    ledger.run("coalition reactivate", "sec", slug="dc-example", reason="new team", on="2021-04-01")
    registry = ledger.registry()
    from dcledger.ledger import rules

    assert rules.standing(registry.coalitions["dc-example"], "2021-04-02").status == "active"
    assert rules.standing(registry.coalitions["dc-example"], "2021-03-31").status == "active"
    assert (
        rules.standing(
            ledger.registry(as_of="2021-03-31").coalitions["dc-example"], "2021-04-01"
        ).status
        == "inactive"
    )


def test_member_review_records_its_changes_and_what_it_left(ledger):
    ledger.coalition()
    ledger.run(
        "person register", "sec", handle="eve", name="Eve", email="eve@example.org", on="2019-03-01"
    )
    ledger.run("member join", "eve", slug="dc-example", group="academia", on="2019-03-02")
    ledger.run(
        "review members",
        "sec",
        year=2019,
        notes="checked",
        on="2019-12-15",
        set_roles=["dc-example:bo:observer"],
        removals=["dc-example:eve"],
    )
    registry = ledger.registry()
    review = registry.reviews[2019]
    assert review.summary == {"dc-example": {"full": 2, "observer": 1}}
    assert review.changes == [
        {"slug": "dc-example", "handle": "bo", "change": "now observer"},
        {"slug": "dc-example", "handle": "eve", "change": "removed"},
    ]
    assert registry.coalitions["dc-example"].members["bo"].role == "observer"
    assert isinstance(ledger.refused("review members", "sec", year=2019), AlreadyExists)


def test_a_member_review_with_a_bad_change_writes_nothing(ledger):
    ledger.coalition()
    for change in (["dc-example:bo"], ["dc-example:zed:full"], ["dc-example:bo:full"]):
        assert ledger.refused("review members", "sec", year=2019, on="2019-12-15", set_roles=change)


def test_as_of_and_known_at_differ_for_a_backfilled_report(ledger):
    ledger.coalition(recognized="2019-02-01")
    ledger.run("report file", "ana", slug="dc-example", year=2019, on="2020-03-01")
    # What the ledger knew when that report was recorded: the log's own clock, not a pause.
    before_backfill = ledger.service.log_facts()[-1].recorded_at
    # Found later in the mailing-list archive: the 2020 report was filed on time.
    ledger.run(
        "report file",
        "ana",
        slug="dc-example",
        year=2020,
        on="2021-03-15",
        evidence="<report-2020@lists.example.org>",
    )
    day = datetime(2021, 6, 1).date()
    then = ledger.registry(as_of="2021-06-01", known_at=before_backfill)
    now = ledger.registry(as_of="2021-06-01")
    assert (
        queries.status_row(then, then.coalitions["dc-example"], day)["eligible_for_session"]
        is False
    )
    assert (
        queries.status_row(now, now.coalitions["dc-example"], day)["eligible_for_session"] is True
    )
    # As of a date before the filing, the report does not exist whatever we know now.
    earlier = ledger.registry(as_of="2021-03-14")
    assert earlier.coalitions["dc-example"].reports.get(2020) is None
