"""DCCG meetings and the yearly member review: their state and fold."""

from __future__ import annotations

import datetime
from typing import Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.state.fold import handles
from dcledger.ledger.state.model import StateModel, field


class DccgMeetingState(StateModel, kw_only=True):
    date: datetime.date
    held_by: str
    attendance: dict[str, str] = field(default_factory=dict)  # slug -> handle


class MemberReviewState(StateModel, kw_only=True):
    year: int
    reviewed_on: datetime.date
    notes: str
    summary: dict[str, Any] = field(default_factory=dict)
    changes: list[dict[str, str]] = field(default_factory=list)


@handles("dccg.meeting_held", "dccg.meeting_held_again")
def _dccg_meeting(_: None, f: Fact) -> DccgMeetingState:
    return DccgMeetingState(date=f.day, held_by=f.actor)


@handles("dccg.attended")
def _dccg_attended(m: DccgMeetingState, f: Fact) -> None:
    m.attendance[f.data["slug"]] = f.data["by"]


@handles("review.members_reviewed", "review.members_reviewed_again")
def _members_reviewed(_: None, f: Fact) -> MemberReviewState:
    return MemberReviewState(
        year=f.data["year"],
        reviewed_on=f.day,
        notes=f.data["notes"],
        summary=f.data["summary"],
        changes=f.data.get("changes", []),
    )
