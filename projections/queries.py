"""Answers to the showing commands, as plain data the CLI renders as tables or JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.ledger.errors import NotFound
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import CoalitionState
from dcledger.projections.masking import scrub


def coalition_in(registry: Registry, slug: str) -> CoalitionState:
    coalition = registry.coalitions.get(slug)
    if coalition is None:
        raise NotFound(f"no coalition '{slug}'")
    return coalition


def status_row(registry: Registry, coalition: CoalitionState, as_of: date) -> dict[str, Any]:
    standing = rules.standing(coalition, as_of)
    eligibility = rules.session_eligibility(coalition, as_of)
    return {
        "slug": coalition.slug,
        "name": coalition.name,
        "status": standing.status,
        "eligible_for_session": eligibility.eligible,
        "eligibility_reason": eligibility.reason,
        "missed_report_years": standing.missed_years,
        "inactive_since": standing.inactive_since.isoformat() if standing.inactive_since else None,
        "reasons": standing.reasons,
        "flags": rules.flags(coalition, as_of, registry.meetings),
        "recognized_on": iso(coalition.recognized_on),
        "as_of": as_of.isoformat(),
    }


def status(registry: Registry, as_of: date, slug: str | None = None) -> Any:
    if slug is not None:
        return status_row(registry, coalition_in(registry, slug), as_of)
    return [status_row(registry, c, as_of) for _, c in sorted(registry.coalitions.items())]


def members(registry: Registry, slug: str, as_of: date) -> list[dict[str, Any]]:
    coalition = coalition_in(registry, slug)
    names = registry.names(coalition.members)
    rows = []
    for handle, m in sorted(coalition.members.items()):
        rows.append(
            {
                "handle": handle,
                "name": names[handle],
                "role": m.role,
                "group": m.group,
                "coordinator": m.coordinator,
                "representative": coalition.representative == handle,
                "contact_stale": rules.contact_stale(m, as_of),
                "subscribed": m.subscribed_on is not None,
                "joined_on": iso(m.joined_on),
                "contact_confirmed_on": iso(m.contact_confirmed_on),
            }
        )
    return rows


def coalition_page(registry: Registry, slug: str, as_of: date) -> dict[str, Any]:
    """The published page: the statement and participating (full) members' names only,
    with every address masked as the site masks it (`dc-x at lists.example.org`). A
    coalition's page is published on its recognition; before it, `published` is false."""
    c = coalition_in(registry, slug)
    statement = c.statement
    names = registry.names(c.members)
    return scrub(
        {
            "slug": c.slug,
            "name": c.name,
            "status": rules.standing(c, as_of).status,
            "published": c.recognized_on is not None,
            "proposed_on": iso(c.proposed_on),
            "recognized_on": iso(c.recognized_on),
            "declined_on": iso(c.declined_on),
            "decline_reason": c.decline_reason,
            "dissolved_on": iso(c.dissolved_on),
            "need": statement.get("need"),
            "action_plan": statement.get("action_plan"),
            "mailing_list": statement.get("mailing_list"),
            "contacts": [p["name"] for p in statement.get("contacts", [])],
            "coordinators": sorted(names[h] for h, m in c.members.items() if m.coordinator),
            "representative": names.get(c.representative) if c.representative else None,
            "participating_members": sorted(
                names[h] for h, m in c.members.items() if m.role == "full"
            ),
            "observers": sum(1 for m in c.members.values() if m.role == "observer"),
            "stakeholder_groups": sorted(rules.stakeholder_groups(c)),
            "page_updates": c.page_updates,
            "reports": page_reports(c),
            "meetings": sum(1 for a in c.activities if a.kind == "meeting"),
            "outputs": page_outputs(c),
        }
    )


def page_reports(c: CoalitionState) -> dict[str, dict[str, Any]]:
    return {
        str(y): {
            "due": rules.deadline(y, r).isoformat(),
            "filed_on": iso(r.filed_on),
            "extension": r.extension_status,
        }
        for y, r in sorted(c.reports.items())
    }


def page_outputs(c: CoalitionState) -> list[dict[str, Any]]:
    """Outputs with their agreement and dissent, as the charter says they are published."""
    return [
        {
            "on": iso(a.on),
            "kind": a.kind,
            "title": a.title,
            "agreement": a.agreement,
            "dissent": list(a.dissent),
        }
        for a in c.activities
        if a.kind != "meeting"
    ]


def status_changes(
    before: Registry, after: Registry, start: date, end: date
) -> list[dict[str, Any]]:
    """Each coalition whose status or session eligibility on `end` differs from `start`
    (a coalition unknown on `start` has no status then)."""
    changes = []
    for slug, coalition in sorted(after.coalitions.items()):
        now = status_row(after, coalition, end)
        earlier = before.coalitions.get(slug)
        then = status_row(before, earlier, start) if earlier else None
        old_status = then["status"] if then else None
        old_eligible = then["eligible_for_session"] if then else None
        if (old_status, old_eligible) == (now["status"], now["eligible_for_session"]):
            continue
        changes.append(
            {
                "slug": slug,
                "name": coalition.name,
                "status_before": old_status,
                "status_after": now["status"],
                "eligible_before": old_eligible,
                "eligible_after": now["eligible_for_session"],
            }
        )
    return changes
