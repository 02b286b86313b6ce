"""The open-data tables: each a name, typed fields (Frictionless types) and its rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.projections.site.charter_pages import amendments, versions
from dcledger.projections.site.coalition import activities, members, report_rows
from dcledger.projections.site.snapshot import Snapshot

Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: list[tuple[str, str, str]]  # (name, frictionless type, description)
    rows: Callable[[Snapshot], list[Row]]


def _coalitions(s: Snapshot) -> list[Row]:
    rows = []
    for slug, c in sorted(s.coalitions.items()):
        eligibility = rules.session_eligibility(c, s.as_of)
        rows.append(
            {
                "slug": slug,
                "name": c.name,
                "status": rules.standing(c, s.as_of).status,
                "proposed_on": iso(c.proposed_on),
                "recognized_on": iso(c.recognized_on),
                "declined_on": iso(c.declined_on),
                "dissolved_on": iso(c.dissolved_on),
                "eligible_for_session": eligibility.eligible,
                "eligibility_reason": eligibility.reason,
                "full_members": sum(1 for m in c.members.values() if m.role == "full"),
                "observers": sum(1 for m in c.members.values() if m.role == "observer"),
                "stakeholder_groups": len(rules.stakeholder_groups(c)),
            }
        )
    return rows


def _per_coalition(s: Snapshot, make: Callable[[Any], list[Row]]) -> list[Row]:
    return [
        {"coalition": slug} | row for slug, c in sorted(s.coalitions.items()) for row in make(c)
    ]


def _reports(s: Snapshot) -> list[Row]:
    keep = ("year", "due", "filed_on", "outcome", "extension", "url")
    return _per_coalition(s, lambda c: [{k: r[k] for k in keep} for r in report_rows(c, s.as_of)])


def _members(s: Snapshot) -> list[Row]:
    return _per_coalition(s, lambda c: members(s, c))


def _activities(s: Snapshot) -> list[Row]:
    def rows(c: Any) -> list[Row]:
        meetings, outputs = activities(c)
        found = [m | {"kind": "meeting", "agreement": None, "dissents": 0} for m in meetings]
        found += [
            {k: o[k] for k in ("on", "kind", "title", "agreement")}
            | {"dissents": len(o["dissent"])}
            for o in outputs
        ]
        return sorted(found, key=lambda r: (r["on"], r["title"]))

    return _per_coalition(s, rows)


def _dissents(s: Snapshot) -> list[Row]:
    def rows(c: Any) -> list[Row]:
        _, outputs = activities(c)
        return [
            {"on": o["on"], "title": o["title"], "dissent": d}
            for o in outputs
            for d in o["dissent"]
        ]

    return _per_coalition(s, rows)


def _attendance(s: Snapshot) -> list[Row]:
    return [
        {"meeting": iso(m.date), "coalition": slug, "attended_by": s.name(handle)}
        for m in s.registry.meetings
        for slug, handle in sorted(m.attendance.items())
    ]


def _sections(s: Snapshot) -> list[Row]:
    return [
        {"version": v["version"], "effective_date": v["effective_date"]}
        | {"section": sec["id"], "title": sec["title"], "text": sec["text"]}
        for v in versions(s)
        for sec in v["sections"]
    ]


def _amendments(s: Snapshot) -> list[Row]:
    rows = []
    for a in amendments(s):
        vote = a["vote"] or {}
        rows.append(
            {"number": a["number"], "proposer": a["proposer_name"]}
            | {k: a[k] for k in ("proposed_on", "status", "base_version", "consensus_on")}
            | {"sections": " ".join(sorted(a["sections"]))}
            | {k: vote.get(k) for k in VOTE_KEYS}
            | {k: a[k] for k in ("incorporated_version", "incorporated_on")}
        )
    return rows


VOTE_KEYS = ("opened_on", "closes", "threshold", "quorum", "electorate", "yes", "no")
VOTE_KEYS += ("abstain", "turnout", "outcome")
D, INT, S, B, NUM = "date", "integer", "string", "boolean", "number"

TABLES = [
    Table("coalitions", "One row per coalition, status on the as-of date.", [
        ("slug", S, "Identifier"), ("name", S, "Name"), ("status", S, "Status on the as-of date"),
        ("proposed_on", D, ""), ("recognized_on", D, ""), ("declined_on", D, ""),
        ("dissolved_on", D, ""), ("eligible_for_session", B, "May hold a session at the "
         "IGF meeting of the as-of year"), ("eligibility_reason", S, ""),
        ("full_members", INT, ""), ("observers", INT, ""), ("stakeholder_groups", INT, ""),
    ], _coalitions),
    Table("members", "Participating (full) members by name and stakeholder group.", [
        ("coalition", S, "Coalition slug"), ("name", S, ""), ("group", S, "Stakeholder group"),
        ("coordinator", B, "Co-coordinator"), ("representative", B, "Represents it at the DCCG"),
    ], _members),
    Table("reports", "Annual reports owed, with their deadline and outcome.", [
        ("coalition", S, ""), ("year", INT, "Year reported on"), ("due", D, "Deadline"),
        ("filed_on", D, ""), ("outcome", S, "on-time, late, missed or pending"),
        ("extension", S, "requested, granted or denied"), ("url", S, ""),
    ], _reports),
    Table("activities", "Meetings and outputs.", [
        ("coalition", S, ""), ("on", D, ""), ("kind", S, "meeting, document, event, project"),
        ("title", S, ""), ("agreement", S, "How the output was agreed"),
        ("dissents", INT, "Dissenting views recorded"),
    ], _activities),
    Table("dissents", "Every dissenting view recorded on an output.", [
        ("coalition", S, ""), ("on", D, ""), ("title", S, "The output"), ("dissent", S, ""),
    ], _dissents),
    Table("dccg_attendance", "Attendance at DCCG meetings.", [
        ("meeting", D, "Date of the DCCG meeting"), ("coalition", S, ""),
        ("attended_by", S, "Name of the person attending"),
    ], _attendance),
    Table("charter_sections", "Every version of the charter, section by section.", [
        ("version", INT, ""), ("effective_date", D, ""), ("section", S, "Section id"),
        ("title", S, ""), ("text", S, ""),
    ], _sections),
    Table("amendments", "Charter amendments with their vote.", [
        ("number", INT, ""), ("proposer", S, ""), ("proposed_on", D, ""), ("status", S, ""),
        ("base_version", INT, ""), ("consensus_on", D, ""), ("sections", S, "Section ids"),
        ("opened_on", D, "Vote opened"), ("closes", D, "Vote closes"), ("threshold", S, ""),
        ("quorum", S, ""), ("electorate", INT, ""), ("yes", INT, ""), ("no", INT, ""),
        ("abstain", INT, ""), ("turnout", NUM, ""), ("outcome", S, ""),
        ("incorporated_version", INT, ""), ("incorporated_on", D, ""),
    ], _amendments),
]  # fmt: skip
