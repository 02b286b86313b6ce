"""The yearly review's answer on next year's IGF session, from the ledger in memory."""

from datetime import date

from dcledger.ledger.registry import Registry
from dcledger.projections.review import year_end_view, yearly_review
from tests.memory import MemoryLedger


def review(ledger: MemoryLedger, year: int, as_of: str) -> dict:
    """`dcledger review YEAR` as of `as_of`, from registries folded to each date."""

    def on(day: str) -> Registry:
        return Registry.from_facts(f for f in ledger.facts() if f.effective_date <= day)

    day = date.fromisoformat(as_of)
    end = on(year_end_view(year, day).isoformat())
    (row,) = yearly_review(year, end, on(as_of), day)["coalitions"]
    return row


def reported(*years: int) -> MemoryLedger:
    ledger = MemoryLedger().start()
    ledger.coalition()  # recognized 2019-02-01, ana co-coordinates
    for year in years:
        ledger.run("report file", "ana", slug="dc-example", year=year, on=f"{year + 1}-02-01")
    return ledger


def test_next_years_session_waits_for_this_years_report_not_last_years():
    """Reviewing 2020 in December 2020: the 2021 session depends on the 2020 report, still
    pending, even though the 2019 report was on time."""
    row = review(reported(2019), 2020, "2020-12-01")
    assert (row["eligible_for_session_next_year"], row["eligibility_reason"]) == (
        False,
        "2020 report not filed yet (due 2021-03-31)",
    )
    row = review(reported(2019, 2020), 2020, "2021-06-01")
    assert (row["eligible_for_session_next_year"], row["eligibility_reason"]) == (
        True,
        "2020 report filed on time (2021-02-01)",
    )


def test_a_later_dissolution_does_not_undo_a_past_years_eligibility():
    ledger = reported(2019, 2020, 2021)
    ledger.run("coalition dissolve", "sec", slug="dc-example", reason="merged", on="2022-06-01")
    row = review(ledger, 2019, "2023-01-10")
    assert (row["eligible_for_session_next_year"], row["eligibility_reason"]) == (
        True,
        "2019 report filed on time (2020-02-01)",
    )
    assert row["status_now"] == "dissolved"
    row = review(ledger, 2021, "2023-01-10")  # the 2022 session: dissolved by year end
    assert (row["eligible_for_session_next_year"], row["eligibility_reason"]) == (
        False,
        "the coalition is dissolved",
    )


def test_a_review_of_a_year_not_yet_over_judges_it_on_the_as_of_date():
    """Reviewing 2020 in June 2020: nothing is missed yet, and the activity requirement
    of a year still running is not flagged."""
    row = review(reported(2019), 2020, "2020-06-01")
    assert row["status_at_year_end"] == "active"
    assert not [f for f in row["flags"] if "2020" in f]
    assert row["report"]["outcome"] == "pending"
    row = review(reported(2019), 2020, "2020-12-31")  # the year's last day: it is judged
    assert "no meeting or output in 2020" in row["flags"]


def test_a_year_not_yet_over_is_not_flagged_for_reviews_that_may_still_come():
    """The member-status and charter reviews of a year may be recorded until its last day."""
    ledger = reported().charter(on="2019-03-01")

    def flags(as_of: str) -> list[str]:
        day = date.fromisoformat(as_of)
        on = Registry.from_facts(f for f in ledger.facts() if f.effective_date <= as_of)
        end = Registry.from_facts(
            f for f in ledger.facts() if f.effective_date <= year_end_view(2019, day).isoformat()
        )
        return yearly_review(2019, end, on, day)["flags"]

    assert flags("2019-12-01") == []
    missing = ["no charter review recorded for 2019", "no member-status review recorded for 2019"]
    assert flags("2019-12-31") == missing
    assert flags("2020-06-01") == missing
