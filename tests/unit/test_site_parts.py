"""Small parts of the site builder: address masking, status periods and calendars."""

from __future__ import annotations

from datetime import date

from dcledger.ledger.state import CoalitionState, Report
from dcledger.ledger.state.model import from_plain
from dcledger.projections.masking import mask, scrub
from dcledger.projections.site.periods import periods, status_on


def test_addresses_are_masked_and_email_fields_dropped():
    assert mask("<a1@lists.example.org>") == "<a1 at lists.example.org>"
    assert mask("https://example.org/x?y=1") == "https://example.org/x?y=1"
    value = {"contacts": [{"name": "Ana", "email": "ana@x.org"}], "list": "dc@x.org", "n": 3}
    assert scrub(value) == {"contacts": [{"name": "Ana"}], "list": "dc at x.org", "n": 3}


def coalition(**changes) -> CoalitionState:
    fields = {
        "slug": "dc-x",
        "name": "DC X",
        "statement": {},
        "proposed_on": "2019-01-10",
        "proposed_by": "sec",
        "lifecycle": "recognized",
        "recognized_on": "2019-02-01",
    }
    return from_plain(CoalitionState, fields | changes)


def report(**fields) -> Report:
    return from_plain(Report, fields)


def test_two_missed_reports_make_an_inactive_period_and_reactivation_ends_it():
    state = coalition(reactivations=["2022-09-01"])
    state.reports[2021] = report(year=2021, filed_on="2022-03-01")
    proposed = coalition(lifecycle="proposed", recognized_on=None)

    def statuses_on(days: list[date]) -> dict[date, str]:
        return {d: status_on(state if d >= date(2019, 2, 1) else proposed, d) for d in days}

    found = periods(state, date(2023, 1, 1), statuses_on)
    assert found == [
        (date(2019, 1, 10), date(2019, 2, 1), "proposed"),
        (date(2019, 2, 1), date(2021, 4, 1), "active"),
        (date(2021, 4, 1), date(2022, 9, 1), "inactive"),
        (date(2022, 9, 1), date(2023, 1, 1), "active"),
    ]


def test_status_before_proposal_and_after_dissolution():
    state = coalition(lifecycle="dissolved", dissolved_on="2020-06-30")
    assert status_on(None, date(2018, 1, 1)) == "not proposed"
    assert status_on(state, date(2020, 7, 1)) == "dissolved"
    assert status_on(state, date(2020, 1, 1)) == "active"


def test_a_page_lists_a_report_filed_early_for_the_running_year():
    from dcledger.projections.site.coalition import report_rows

    state = coalition()
    state.reports[2019] = report(year=2019, filed_on="2020-02-01")
    state.reports[2020] = report(year=2020, filed_on="2020-06-01")
    rows = report_rows(state, date(2020, 7, 1))
    assert [(r["year"], r["outcome"]) for r in rows] == [(2019, "on-time"), (2020, "on-time")]
    assert [r["year"] for r in report_rows(coalition(), date(2020, 7, 1))] == [2019]
    state.reports[2019] = report(year=2019, filed_on="2020-02-01", file="report-2019.pdf")
    assert report_rows(state, date(2020, 7, 1))[0]["file"] == "report-2019.pdf"  # shown


def test_a_retraction_within_its_import_names_the_event_it_retracts():
    """An import retracts an event of its own by label, before the event has an id: the
    retraction then holds only the version, and the history finds the id."""
    from dcledger.projections.site.history import history_rows

    def event(id_: int, type_: str, data: dict, retracted_by: int | None = None) -> dict:
        return {
            "id": id_,
            "type": type_,
            "data": data,
            "effective_date": "2020-01-01",
            "actor": "sec",
            "evidence": None,
            "retracted_by": retracted_by,
        }

    events = [
        event(7, "coalition.meeting_recorded", {"title": "call"}, retracted_by=8),
        event(8, "coalition.retracted", {"target_id": None, "reason": "wrong"}),
    ]
    rows = history_rows(events, lambda handle: handle or "")
    assert rows[1]["text"] == "Retraction of event 7: wrong"


def deadlines(state: CoalitionState, as_of: str) -> list[tuple[str, str]]:
    from dcledger.projections.site.feeds import coalition_entries

    return [
        (uid, day.isoformat())
        for uid, day, _, _ in coalition_entries(state, date.fromisoformat(as_of))
    ]


def test_the_calendar_shows_each_owed_reports_deadline_and_a_granted_extension():
    state = coalition()
    state.reports[2019] = report(year=2019, filed_on="2020-02-01")
    state.reports[2020] = report(
        year=2020, extension_status="granted", extension_until="2021-06-30"
    )
    state.reports[2021] = report(
        year=2021, extension_status="requested", extension_until="2022-05-31"
    )
    assert deadlines(state, "2021-07-01") == [
        ("report-dc-x-2019", "2020-03-31"),
        ("report-dc-x-2020", "2021-03-31"),
        ("extension-dc-x-2020", "2021-06-30"),
        ("report-dc-x-2021", "2022-03-31"),  # the running year's, owed too
    ]
    state.reports[2020] = report(year=2020, extension_status="denied", extension_until="2021-06-30")
    assert ("extension-dc-x-2020", "2021-06-30") not in deadlines(state, "2021-07-01")


def test_a_dissolved_coalitions_calendar_keeps_the_report_it_filed_for_its_last_year():
    """A report filed for the year of the dissolution counts as owed (`rules.owes_report`):
    its deadline is shown from the dissolution on, not only once that year is over."""
    state = coalition(lifecycle="dissolved", dissolved_on="2021-06-30")
    state.reports[2020] = report(year=2020, filed_on="2021-03-01")
    state.reports[2021] = report(year=2021, filed_on="2021-05-01")
    shown = [("report-dc-x-2019", "2020-03-31"), ("report-dc-x-2020", "2021-03-31")]
    last = ("report-dc-x-2021", "2022-03-31")
    assert deadlines(state, "2021-07-01") == [*shown, last]
    assert deadlines(state, "2022-07-01") == [*shown, last]
    del state.reports[2021]  # not filed: the year of the dissolution owes none
    assert deadlines(state, "2021-07-01") == deadlines(state, "2022-07-01") == shown


def test_the_attendance_table_ends_with_the_year_of_dissolution():
    from types import SimpleNamespace

    from dcledger.projections.site.coalition import attendance

    snapshot = SimpleNamespace(as_of=date(2023, 6, 1), registry=SimpleNamespace(meetings=[]))
    state = coalition(lifecycle="dissolved", dissolved_on="2021-05-01")
    assert [row["year"] for row in attendance(snapshot, state)] == [2019, 2020, 2021]
    assert [row["year"] for row in attendance(snapshot, coalition())][-1] == 2023


def test_who_the_public_site_names():
    from dcledger.projections.site import naming

    def event(kind: str, type_: str, actor: str, subject: str, **data) -> dict:
        return {"kind": kind, "type": type_, "actor": actor, "subject": subject, "data": data}

    joined = "coalition.member_joined"
    events = [
        event("coalition", joined, "eve", "dc-x", handle="eve", membership="observer"),
        event("coalition", joined, "obi", "dc-x", handle="obi", membership="observer"),
        event("coalition", joined, "obi", "dc-y", handle="obi", membership="observer"),
        event("coalition", joined, "zed", "dc-x", handle="zed", membership="observer"),
        event(
            "coalition", "coalition.member_role_set", "ana", "dc-x", handle="zed", membership="full"
        ),
        event("coalition", joined, "dee", "dc-y", handle="dee", membership="observer"),
        event("amendment", "amendment.discussed", "eve", "1", ref="<m@lists.example.org>"),
    ]
    found = naming.participation(events)
    assert found.observers_only({"dee"}) == {"dc-x": {"eve", "obi"}, "dc-y": {"obi"}}
    # eve discussed an amendment in public: named there, still "an observer" in dc-x
    assert found.never_named({"dee"}) == {"obi"}
