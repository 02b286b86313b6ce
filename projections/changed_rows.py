"""The rows one fact changes, when it changes only a few of its coalition's rows.

Deriving every row of a coalition after each fact costs in proportion to the coalition
(its thousands of members, its years of activities), so catching up after one event would
slow down as history grows. A fact folded in order that names a member or a report's year,
or that appends an activity, changes those rows and the coalition's own row only (and of
that row, the columns counted over members only when a member changed). Any
other fact, and any fact that made the engine fold its record again, re-derives all of the
record's rows.
"""

from __future__ import annotations

from typing import Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.state import CoalitionState
from dcledger.projections.tables import (
    RowSet,
    activity_row,
    coalition_row,
    member_row,
    report_row,
    row_sets,
)

MEMBER_FACTS = frozenset(
    {
        "coalition.member_joined",
        "coalition.member_left",
        "coalition.member_removed",
        "coalition.member_role_set",
        "coalition.contact_confirmed",
        "coalition.subscribed",
        "coalition.coordinator_appointed",
        "coalition.coordinator_dismissed",
    }
)
REPORT_FACTS = frozenset(
    {
        "coalition.report_filed",
        "coalition.extension_requested",
        "coalition.extension_granted",
        "coalition.extension_denied",
    }
)
ACTIVITY_FACTS = frozenset({"coalition.meeting_recorded", "coalition.output_recorded"})

# table -> the keys, within one coalition, of the rows that changed; None: every row
Changes = dict[str, set[Any]] | None


def changes_of(state: Any, fact: Fact) -> Changes:
    """What a fact just folded in order (into `state`) changed beyond its record's row."""
    if not isinstance(state, CoalitionState):
        return None
    if fact.type in MEMBER_FACTS:
        return {"members": {fact.data["handle"]}}
    if fact.type in REPORT_FACTS:
        return {"reports": {fact.data["year"]}}
    if fact.type in ACTIVITY_FACTS:
        return {"activities": {len(state.activities) - 1}}
    return None


def merged(before: Changes, after: Changes) -> Changes:
    if before is None or after is None:
        return None
    return {t: before.get(t, set()) | after.get(t, set()) for t in before.keys() | after.keys()}


def changed_rows(state: Any, changes: Changes, vacated: Any = None) -> list[RowSet]:
    """The row sets to write for a record: all of them, or the changed rows only; for a
    record whose beginning was retracted, none of the rows its `vacated` state owned."""
    if state is None:
        return [RowSet(r.table, r.owner, []) for r in row_sets(vacated)] if vacated else []
    if changes is None:
        return row_sets(state)
    c: CoalitionState = state
    owner = ("slug", c.slug)
    handles = changes.get("members", set())
    years = changes.get("reports", set())
    positions = changes.get("activities", set())
    return [
        RowSet("coalitions", owner, [coalition_row(c, members=bool(handles))]),
        RowSet(
            "members",
            owner,
            [member_row(c, c.members[h]) for h in handles if h in c.members],
            frozenset((c.slug, h) for h in handles),
        ),
        RowSet(
            "reports",
            owner,
            [report_row(c, c.reports[y]) for y in years if y in c.reports],
            frozenset((c.slug, y) for y in years),
        ),
        RowSet(
            "activities",
            owner,
            [activity_row(c, i) for i in positions if i < len(c.activities)],
            frozenset((c.slug, i) for i in positions),
        ),
    ]
