"""The annual rules on their edges, from facts alone."""

from datetime import date, timedelta

import pytest

from dcledger.ledger import rules
from dcledger.ledger.state import CharterState, CharterVersion, DccgMeetingState, Member
from tests.unit.facts import Story


@pytest.mark.parametrize(
    ("filed", "outcome"),
    [
        ("2024-03-31", "on-time"),
        ("2024-04-01", "late"),
        ("2023-12-20", "on-time"),
        (None, "missed"),
    ],
)
def test_report_for_2023_is_due_on_31_march_2024(filed, outcome):
    story = Story()
    if filed:
        story.report(2023, filed)
    assert rules.report_standing(story.state(), 2023, date(2024, 6, 1)).outcome == outcome


def test_report_not_yet_due_is_pending():
    assert rules.report_standing(Story().state(), 2023, date(2024, 3, 31)).outcome == "pending"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [("2023-03-31", "active"), ("2023-04-01", "inactive"), ("2024-01-01", "inactive")],
)
def test_two_consecutive_missed_years_make_inactive_from_the_day_after(as_of, status):
    story = Story()
    story.report(2020, "2021-03-01")  # 2021 and 2022 are missed
    standing = rules.standing(story.state(), as_of)
    assert standing.status == status
    if status == "inactive":
        assert standing.inactive_since == date(2023, 4, 1)
        assert standing.reasons == ["no report filed by the deadline for 2021 and 2022"]


def test_a_report_filed_on_the_second_deadline_day_keeps_the_coalition_active():
    story = Story().report(2020, "2021-03-01").report(2022, "2023-03-31")
    assert rules.standing(story.state(), "2023-04-01").status == "active"


def test_late_filing_still_misses_the_year():
    story = Story().report(2020, "2021-03-01").report(2021, "2022-04-01")
    standing = rules.standing(story.state(), "2023-04-01")
    assert standing.status == "inactive"
    assert standing.missed_years == [2021, 2022]


def test_a_dissolution_keeps_the_years_already_missed_and_owes_no_more():
    story = Story().report(2020, "2021-03-01").add("coalition.dissolved", "2022-08-01", reason="x")
    standing = rules.standing(story.state(), "2024-06-01")
    assert (standing.status, standing.missed_years) == ("dissolved", [2021])  # 2022 not owed


@pytest.mark.parametrize(
    ("dissolved", "missed"),
    [("2022-03-31", []), ("2022-04-01", [2021])],
)
def test_a_dissolution_before_a_deadline_ends_that_years_report_too(dissolved, missed):
    """Dissolved in February 2022: the 2021 report was not yet due, and a dissolved
    coalition files nothing more, so 2021 is not missed."""
    story = Story().report(2020, "2021-03-01").add("coalition.dissolved", dissolved, reason="x")
    standing = rules.standing(story.state(), "2024-06-01")
    assert (standing.status, standing.missed_years) == ("dissolved", missed)
    assert rules.owes_report(story.state(), 2021) == bool(missed)


def test_a_dissolved_coalition_asked_about_a_day_before_its_dissolution_was_recognized():
    story = Story().report(2020, "2021-03-01").add("coalition.dissolved", "2022-08-01", reason="x")
    assert rules.standing(story.state(), "2021-06-01").status == "active"
    assert rules.standing(story.state(), "2022-08-01").status == "dissolved"


def test_a_report_filed_before_the_dissolution_is_still_shown_as_owed_and_filed():
    story = Story().report(2020, "2021-03-01").report(2021, "2022-01-10")
    story.add("coalition.dissolved", "2022-02-01", reason="x")
    assert rules.owes_report(story.state(), 2021)
    assert rules.report_standing(story.state(), 2021, date(2024, 1, 1)).outcome == "on-time"


def test_non_consecutive_missed_years_do_not_make_inactive():
    story = Story().report(2020, "2021-03-01").report(2022, "2023-03-01")
    standing = rules.standing(story.state(), "2024-04-01")
    assert (standing.status, standing.missed_years) == ("active", [2021, 2023])
    assert rules.standing(story.state(), "2025-04-01").status == "inactive"  # 2023 and 2024


def test_extension_granted_after_the_original_deadline_replaces_it():
    story = Story().report(2020, "2021-03-01").report(2021, "2022-03-01")
    story.add(
        "coalition.extension_requested",
        "2023-03-25",
        year=2022,
        until="2023-05-31",
        reason="coordinator ill",
    )
    story.add("coalition.extension_granted", "2023-04-10", year=2022)
    story.report(2022, "2023-05-20")
    # Before the grant took effect the year was missed; once granted it is on time.
    assert rules.report_standing(story.state("2023-04-05"), 2022, date(2023, 4, 5)).outcome == (
        "missed"
    )
    final = rules.report_standing(story.state(), 2022, date(2023, 6, 1))
    assert (final.outcome, final.due) == ("on-time", date(2023, 5, 31))


def test_inactivity_begins_after_the_later_of_the_two_missed_deadlines():
    story = Story().report(2020, "2021-03-01")
    story.add(
        "coalition.extension_requested", "2022-03-01", year=2021, until="2023-06-30", reason="r"
    )
    story.add("coalition.extension_granted", "2022-03-02", year=2021)
    # 2022 is missed on 2023-04-01, 2021 only once its extension ends on 2023-06-30.
    assert rules.standing(story.state(), "2023-06-30").status == "active"
    standing = rules.standing(story.state(), "2023-07-01")
    assert (standing.status, standing.inactive_since) == ("inactive", date(2023, 7, 1))


def test_denied_extension_keeps_the_original_deadline():
    story = Story()
    story.add(
        "coalition.extension_requested", "2021-03-20", year=2020, until="2021-05-31", reason="busy"
    )
    story.add("coalition.extension_denied", "2021-03-25", year=2020, reason="no")
    story.report(2020, "2021-05-01")
    assert rules.report_standing(story.state(), 2020, date(2021, 6, 1)).outcome == "late"


def test_recognition_late_in_a_year_owes_that_years_report():
    story = Story(recognized="2021-11-20")
    assert rules.owed_years(story.state(), date(2022, 4, 1)) == [2021]
    assert rules.owed_years(story.state(), date(2022, 3, 31)) == []


def test_reactivation_between_two_missed_years_restarts_the_count():
    story = Story().report(2020, "2021-03-01")  # 2021 missed (due 2022-03-31)
    story.add("coalition.reactivated", "2022-06-01", reason="new team", missed_years=[2021])
    # 2022 missed too, but 2021's deadline fell before the reactivation: not counted.
    assert rules.standing(story.state(), "2023-04-01").status == "active"
    # 2022 and 2023 both missed after the reactivation.
    standing = rules.standing(story.state(), "2024-04-01")
    assert standing.status == "inactive"
    assert standing.inactive_since == date(2024, 4, 1)
    assert "counting after the reactivation of 2022-06-01" in standing.reasons[0]


@pytest.mark.parametrize(
    ("confirmed", "as_of", "stale"),
    [
        ("2024-02-29", "2025-02-28", False),
        ("2024-02-29", "2025-03-01", True),
        ("2023-06-15", "2024-06-15", False),
        ("2023-06-15", "2024-06-16", True),
    ],
)
def test_contact_details_go_stale_after_twelve_months(confirmed, as_of, stale):
    member = Member(
        handle="x",
        role="full",
        group="academia",
        joined_on=date(2020, 1, 1),
        contact_confirmed_on=date.fromisoformat(confirmed),
    )
    assert rules.contact_stale(member, date.fromisoformat(as_of)) is stale


def test_contacts_are_stale_exactly_when_confirmed_before_the_fresh_since_day():
    """The review compares each member with one date (`fresh_since`): on every day of
    six years (month ends and 29 February among them), the per-member rule agrees with
    that cut-off for every confirmation date in the eighty days around it."""
    for n in range(6 * 366):
        as_of = date(2019, 1, 1) + timedelta(days=n)
        fresh = rules.fresh_since(as_of)
        for offset in range(-40, 40):
            confirmed = fresh + timedelta(days=offset)
            assert rules.contact_stale_on(confirmed, as_of) is (offset < 0), (as_of, confirmed)


def test_stale_contacts_lists_the_members_the_rule_calls_stale():
    state = Story().state()
    for n in range(0, 800, 3):
        confirmed = date(2023, 1, 1) + timedelta(days=n)
        state.members[f"m{n}"] = Member(
            handle=f"m{n}",
            role="full",
            group="academia",
            joined_on=confirmed,
            contact_confirmed_on=confirmed,
        )
    as_of = date(2025, 2, 28)
    stale = [h for h, m in state.members.items() if rules.contact_stale(m, as_of)]
    assert rules.stale_contacts(state, as_of) == sorted(stale)
    assert 0 < len(stale) < len(state.members)  # both sides of the cut-off met


def test_activity_requirement_is_flagged_per_ended_year():
    story = Story()
    story.add("coalition.meeting_recorded", "2020-05-01", title="call")
    story.paper("2022-05-01")
    assert rules.unmet_activity_years(story.state(), date(2023, 6, 1)) == [2021]
    assert "no meeting or output in 2021" in rules.flags(story.state(), "2023-06-01")


def test_the_activity_requirement_of_a_year_is_what_the_unmet_years_leave_out():
    story = Story()  # recognized 2020-02-01
    story.add("coalition.meeting_recorded", "2020-05-01", title="call")
    story.paper("2022-12-31")
    state = story.state()
    assert [y for y in range(2019, 2025) if rules.activity_met(state, y)] == [2020, 2022]
    unmet = rules.unmet_activity_years(state, date(2024, 12, 31))
    assert unmet == [2021, 2023, 2024]
    assert all(rules.activity_met(state, y) != (y in unmet) for y in range(2020, 2025))


def test_a_year_end_review_flags_that_years_missing_activity_and_attendance():
    """As of 31 December the year is over: the yearly review of 2020 is about 2020."""
    meetings = [DccgMeetingState(date=date(2020, 6, 10), held_by="dee")]
    found = rules.flags(Story().state(), "2020-12-31", meetings)
    assert "no meeting or output in 2020" in found
    assert "attended none of the 1 DCCG meetings of 2020" in found
    assert "no meeting or output in 2020" not in rules.flags(Story().state(), "2020-12-30")


def test_dccg_meetings_before_the_recognition_are_not_held_against_it():
    meetings = [
        DccgMeetingState(date=date(2020, month, 10), held_by="dee", attendance={})
        for month in range(1, 12)
    ]
    late = Story(recognized="2020-11-15").state()
    assert not [f for f in rules.flags(late, "2021-06-01", meetings) if "DCCG" in f]
    early = Story(recognized="2020-10-15").state()
    assert "attended none of the 1 DCCG meetings of 2020" in rules.flags(
        early, "2021-06-01", meetings
    )


def test_attendance_counts_only_the_meetings_held_while_recognized():
    """The review's "attended/held" and the flag read the same meetings: from the
    recognition up to the dissolution day."""
    attended = {"dc-example": "ana"}
    meetings = [
        DccgMeetingState(date=date(2020, month, 10), held_by="dee", attendance=attended)
        for month in (1, 3, 5)
    ] + [DccgMeetingState(date=date(2020, month, 10), held_by="dee") for month in (7, 9)]
    story = Story(recognized="2020-03-01").add("coalition.dissolved", "2020-07-10", reason="x")
    assert rules.dccg_attendance(story.state(), meetings, 2020) == (3, 2)
    assert rules.dccg_attendance(Story().state(), meetings, 2020) == (4, 2)  # Feb onwards


@pytest.mark.parametrize(
    ("filed", "as_of", "eligible", "reason"),
    [
        ("2022-03-31", "2022-06-01", True, "2021 report filed on time (2022-03-31)"),
        ("2022-04-01", "2022-06-01", False, "2021 report filed late (2022-04-01, due 2022-03-31)"),
        (None, "2022-02-01", False, "2021 report not filed yet (due 2022-03-31)"),
        (None, "2022-06-01", False, "no 2021 report (due 2022-03-31)"),
    ],
)
def test_session_eligibility_needs_last_years_report_on_time(filed, as_of, eligible, reason):
    story = Story().report(2020, "2021-02-01")
    if filed:
        story.report(2021, filed)
    result = rules.session_eligibility(story.state(), as_of)
    assert (result.eligible, result.reason) == (eligible, reason)


def test_inactive_coalitions_are_not_eligible():
    story = Story().report(2020, "2021-03-01")
    result = rules.session_eligibility(story.state(), "2023-06-01")
    assert (result.eligible, result.reason) == (False, "the coalition is inactive")


def test_a_coalition_recognized_this_year_has_no_report_to_show():
    result = rules.session_eligibility(Story(recognized="2022-02-01").state(), "2022-06-01")
    assert (result.eligible, result.reason) == (False, "recognized in 2022: no 2021 report")


def test_fewer_than_three_stakeholder_groups_among_members_is_flagged():
    story = Story().add("coalition.member_left", "2020-06-01", handle="cy")
    assert "members span 2 stakeholder group(s), fewer than 3" in rules.flags(
        story.state(), "2020-07-01"
    )


def test_a_charter_review_is_missing_only_for_years_a_charter_was_in_force():
    adopted = CharterVersion(version=1, effective_date=date(2021, 1, 15), by="chair", sections=[])
    charter = CharterState(versions=[adopted], reviews={2022: {"notes": "fine"}})
    assert not rules.charter_review_missing(None, 2021)  # no charter yet: nothing to review
    assert not rules.charter_review_missing(charter, 2020)
    assert rules.charter_review_missing(charter, 2021)
    assert not rules.charter_review_missing(charter, 2022)
    assert rules.charter_review_missing(charter, 2023)


def test_an_undecided_extension_is_flagged_until_the_report_is_filed():
    story = Story().add(
        "coalition.extension_requested", "2021-03-10", year=2020, until="2021-05-31", reason="r"
    )
    assert "extension for 2020 awaits a decision" in rules.flags(story.state(), "2021-03-20")
    story.add("coalition.report_filed", "2021-03-25", year=2020, url="https://example.org/r")
    assert "extension for 2020 awaits a decision" not in rules.flags(story.state(), "2021-03-26")


def test_reports_owed_through_a_year_include_it_and_stop_at_a_dissolution():
    story = Story()  # recognized 2020-02-01
    assert rules.reports_owed(story.state(), 2019) == []
    assert rules.reports_owed(story.state(), 2022) == [2020, 2021, 2022]
    story.add("coalition.dissolved", "2022-08-01", reason="x")  # 2021 was due on 31 March
    assert rules.reports_owed(story.state(), 2023) == [2020, 2021]


def test_a_yearly_review_covers_the_years_from_recognition_to_dissolution():
    story = Story(recognized="2020-11-20")
    proposed, recognized = story.state("2020-01-01"), story.state()
    assert not rules.reviewed_in(2019, proposed, recognized)
    assert rules.reviewed_in(2020, recognized, recognized)
    # Proposed at the year's end as then known, recognized in it as known now.
    assert rules.reviewed_in(2020, proposed, recognized)
    assert not rules.reviewed_in(2021, proposed, proposed)  # never recognized
    dissolved = story.add("coalition.dissolved", "2022-06-30", reason="x").state()
    assert rules.reviewed_in(2022, dissolved, dissolved)
    assert not rules.reviewed_in(2023, dissolved, dissolved)
