"""What a coalition's public page says, as plain data for its template."""

from __future__ import annotations

from datetime import date
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.ledger.state import CoalitionState
from dcledger.projections.masking import scrub
from dcledger.projections.site.history import history_rows
from dcledger.projections.site.snapshot import Snapshot
from dcledger.projections.site.timeline import shown_report_years

OUTCOME_WORDS = {
    "on-time": "on time",
    "late": "late",
    "missed": "missed",
    "pending": "not yet due",
}


def report_rows(state: CoalitionState, as_of: date) -> list[dict[str, Any]]:
    rows = []
    for year in shown_report_years(state, as_of):
        standing = rules.report_standing(state, year, as_of)
        report = state.reports.get(year)
        rows.append(
            {
                "year": year,
                "due": standing.due.isoformat(),
                "filed_on": iso(standing.filed_on),
                "outcome": standing.outcome,
                "outcome_text": OUTCOME_WORDS[standing.outcome],
                "extension": standing.extension,
                "extended": standing.extension == "granted",
                "url": report.url if report else None,
                "file": report.file if report else None,
            }
        )
    return rows


def last_report(state: CoalitionState, as_of: date) -> dict[str, Any] | None:
    filed = [r for r in report_rows(state, as_of) if r["filed_on"]]
    return filed[-1] if filed else None


def members(snapshot: Snapshot, state: CoalitionState) -> list[dict[str, Any]]:
    """Participating (full) members by name and stakeholder group; never an address."""
    rows = [
        {
            "name": snapshot.name(handle),
            "group": m.group,
            "coordinator": m.coordinator,
            "representative": state.representative == handle,
        }
        for handle, m in state.members.items()
        if m.role == "full"
    ]
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["group"]))


def attendance(snapshot: Snapshot, state: CoalitionState) -> list[dict[str, int]]:
    if not state.recognized_on:
        return []
    rows = []
    last = state.dissolved_on.year if state.dissolved_on else snapshot.as_of.year
    for year in range(state.recognized_on.year, last + 1):  # not the years after dissolution
        held, attended = rules.dccg_attendance(state, snapshot.registry.meetings, year)
        rows.append({"year": year, "held": held, "attended": attended})
    return rows


def activities(state: CoalitionState) -> tuple[list[dict], list[dict]]:
    ordered = sorted(state.activities, key=lambda a: (a.on, a.title))
    meetings = [{"on": iso(a.on), "title": a.title} for a in ordered if a.kind == "meeting"]
    outputs = [
        {
            "on": iso(a.on),
            "kind": a.kind,
            "title": a.title,
            "agreement": a.agreement,
            "dissent": a.dissent,
        }
        for a in ordered
        if a.kind != "meeting"
    ]
    return meetings, outputs


def coalition_context(snapshot: Snapshot, state: CoalitionState) -> dict[str, Any]:
    as_of = snapshot.as_of
    standing = rules.standing(state, as_of)
    eligibility = rules.session_eligibility(state, as_of)
    meetings, outputs = activities(state)
    statement = scrub(state.statement)
    coordinators = sorted(snapshot.name(h) for h, m in state.members.items() if m.coordinator)
    return {
        "slug": state.slug,
        "name": state.name,
        "state": state,
        "standing": standing.status,
        "standing_reasons": standing.reasons,
        "eligible": eligibility.eligible,
        "eligibility_reason": eligibility.reason,
        "statement": statement,
        "contacts": [c.get("name", "") for c in statement.get("contacts", [])],
        "page_updates": state.page_updates,
        "members": members(snapshot, state),
        "observers": sum(1 for m in state.members.values() if m.role == "observer"),
        "coordinators": coordinators,
        "representative": snapshot.name(state.representative) if state.representative else None,
        "reports": report_rows(state, as_of),
        "meetings": meetings,
        "outputs": outputs,
        "attendance": attendance(snapshot, state),
        "history": history_rows(snapshot.events_of(state.slug), snapshot.name),
        "timeline": snapshot.timeline(state.slug),
    }
