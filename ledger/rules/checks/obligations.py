"""Annual obligations: reports and extensions, meetings, outputs, the DCCG, reviews."""

from __future__ import annotations

from datetime import date

from dcledger.ledger import policy
from dcledger.ledger.dates import day
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact
from dcledger.ledger.rules import annual, reports
from dcledger.ledger.rules.checks.base import check_url, refuse, rule
from dcledger.ledger.rules.checks.coalitions import check_lifecycle, the_coalition
from dcledger.ledger.rules.checks.membership import FOR_COALITION
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import CoalitionState
from dcledger.ledger.vocabulary import DCCG, OUTPUT_KINDS, SECRETARIAT, Lifecycle


def check_report_year(c: CoalitionState, year: int, on: date) -> None:
    recognized = c.recognized_on
    if recognized is None or year < recognized.year:
        raise refuse(
            "reports-owed", f"{c.slug} owes no report for {year} (recognized {recognized})"
        )
    if year > on.year:
        raise refuse("reports-owed", f"a report for {year} cannot be dealt with on {on}")


def recognized_coalition(sit: Situation, fact: Fact) -> CoalitionState:
    c = the_coalition(sit, fact)
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    return c


@rule("coalition.report_filed", roles=FOR_COALITION)
def report_filed(sit: Situation, fact: Fact) -> None:
    check_url(fact.data.get("url"), "report URL")
    c = recognized_coalition(sit, fact)
    year = fact.data["year"]
    check_report_year(c, year, fact.day)
    report = c.reports.get(year)
    if report and report.filed_on:
        raise refuse(
            "report-once",
            f"the {year} report of {c.slug} was filed on {report.filed_on}; "
            "retract that event to replace it",
        )


@rule("coalition.extension_requested", roles=FOR_COALITION)
def extension_requested(sit: Situation, fact: Fact) -> None:
    c = recognized_coalition(sit, fact)
    year, on = fact.data["year"], fact.day
    check_report_year(c, year, on)
    report = c.reports.get(year)
    if report and report.filed_on:
        raise refuse("extension-unfiled", f"the {year} report of {c.slug} is already filed")
    if report and report.extension_status in ("requested", "granted"):
        raise refuse(
            "extension-once", f"an extension for {year} is already {report.extension_status}"
        )
    due = reports.deadline(year, report)
    if on >= due:  # "before the deadline it extends": the deadline day is too late
        raise refuse(
            "extension-before-deadline",
            f"an extension must be requested before the deadline it extends ({due}), not on {on}",
        )
    until = day(fact.data["until"])
    if until <= due:
        raise refuse("extension-later", f"an extension must run past the deadline {due}")
    latest = annual.add_months(reports.original_deadline(year), policy.MAX_EXTENSION_MONTHS)
    if until > latest:
        raise refuse(
            "extension-bounded",
            f"an extension for {year} runs at most until {latest} "
            f"({policy.MAX_EXTENSION_MONTHS} months past its deadline), not {until}",
        )


def pending_request(sit: Situation, fact: Fact) -> CoalitionState:
    c = recognized_coalition(sit, fact)
    year = fact.data["year"]
    report = c.reports.get(year)
    if report is None or report.extension_status != "requested":
        raise refuse(
            "decide-after-request",
            f"{c.slug} has no pending extension request for {year} on {fact.effective_date}",
        )
    return c


@rule("coalition.extension_granted", roles=(SECRETARIAT,))
def extension_granted(sit: Situation, fact: Fact) -> None:
    # Granted while inactive, it still does not end the inactivity (annual.inactivity_kept).
    pending_request(sit, fact)


@rule("coalition.extension_denied", roles=(SECRETARIAT,))
def extension_denied(sit: Situation, fact: Fact) -> None:
    pending_request(sit, fact)


@rule("coalition.meeting_recorded", roles=FOR_COALITION)
def meeting_recorded(sit: Situation, fact: Fact) -> None:
    recognized_coalition(sit, fact)


@rule("coalition.output_recorded", roles=FOR_COALITION)
def output_recorded(sit: Situation, fact: Fact) -> None:
    recognized_coalition(sit, fact)
    data = fact.data
    if data["kind"] not in OUTPUT_KINDS:
        raise InvalidInput(
            f"unknown output kind '{data['kind']}' (one of: {', '.join(OUTPUT_KINDS)})",
            rule="output-kinds",
        )
    # A blank agreement is refused by every fact's required-text check (checks/base.py).
    check_dissent(data["dissent"], data["no_dissent"])


def check_dissent(views: list[str], no_dissent: bool) -> None:
    """Dissenting viewpoints (none of them blank), or the statement that none were
    raised: exactly one of the two."""
    if bool(views) == no_dissent:
        raise InvalidInput(
            "an output records its dissenting viewpoints (--dissent) or states that none "
            "were raised (--no-dissent): exactly one of the two",
            rule="dissent-recorded",
        )
    if not all(v.strip() for v in views):
        raise InvalidInput(
            "a dissenting viewpoint (--dissent) says what it is: it cannot be blank",
            rule="dissent-recorded",
        )


@rule("dccg.meeting_held", "dccg.meeting_held_again", roles=(DCCG,))
def dccg_meeting_held(sit: Situation, fact: Fact) -> None:
    if fact.data["date"] != fact.effective_date:
        raise refuse("dccg-meeting-date", "a DCCG meeting is recorded on its own date")


@rule("dccg.attended", roles=(DCCG,))
def dccg_attended(sit: Situation, fact: Fact) -> None:
    meeting = sit.state(fact.aggregate_id)
    slug, by = fact.data["slug"], fact.data["by"]
    c = sit.coalition(slug)
    if c is None:
        raise refuse("attendance", f"no coalition '{slug}' on {fact.effective_date}")
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    member = c.members.get(by)
    if not ((member and member.coordinator) or c.representative == by):
        raise refuse(
            "attendance",
            f"{by} is neither a co-coordinator nor the appointed representative of {slug} "
            f"on {fact.effective_date}",
        )
    if slug in meeting.attendance:
        raise refuse("attend-once", f"{slug} is already at the DCCG meeting of {meeting.date}")


@rule("review.members_reviewed", "review.members_reviewed_again", roles=(SECRETARIAT,))
def members_reviewed(sit: Situation, fact: Fact) -> None:
    if fact.data["year"] > fact.day.year:
        raise refuse(
            "review-after-year",
            f"the {fact.data['year']} review cannot be recorded on {fact.effective_date}",
        )
