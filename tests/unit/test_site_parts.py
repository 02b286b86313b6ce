"""Small parts of the site builder: address masking and status periods."""

from __future__ import annotations

from datetime import date

from dcledger.ledger.state import CoalitionState, Report
from dcledger.projections.site.periods import periods, status_on
from dcledger.projections.site.privacy import mask, scrub


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
    return CoalitionState(**(fields | changes))


def test_two_missed_reports_make_an_inactive_period_and_reactivation_ends_it():
    state = coalition(reactivations=["2022-09-01"])
    state.reports[2021] = Report(year=2021, filed_on="2022-03-01")
    found = periods(state, date(2023, 1, 1))
    assert found == [
        (date(2019, 1, 10), date(2019, 2, 1), "proposed"),
        (date(2019, 2, 1), date(2021, 4, 1), "active"),
        (date(2021, 4, 1), date(2022, 9, 1), "inactive"),
        (date(2022, 9, 1), date(2023, 1, 1), "active"),
    ]


def test_status_before_proposal_and_after_dissolution():
    state = coalition(lifecycle="dissolved", dissolved_on="2020-06-30")
    assert status_on(state, date(2018, 1, 1)) == "not proposed"
    assert status_on(state, date(2020, 7, 1)) == "dissolved"
    assert status_on(state, date(2020, 1, 1)) == "active"
