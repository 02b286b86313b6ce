"""Monthly DCCG meetings with their attendance, and the yearly member-status review."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from dcledger.ledger.errors import RuleViolation
from dcledger.ledger.state import DccgMeetingState, MemberReviewState


class DccgMeeting(LedgerAggregate):
    """One DCCG meeting, identified by its date."""

    TOPIC = "dcledger:dccg"

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:dccg.meeting_held:v1"
        date: str

    class Attended(LedgerAggregate.Event):
        TOPIC = "dcledger:dccg.attended:v1"
        slug: str
        by: str

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:dccg.retracted:v1"

    @property
    def state(self) -> DccgMeetingState:
        return self._state

    @staticmethod
    def id_for(day: str) -> UUID:
        return stable_id("dccg-meeting", day)

    @classmethod
    def hold(cls, stamp: Stamp) -> DccgMeeting:
        day = stamp.effective_date
        return cls._create(cls.Created, id=cls.id_for(day), date=day, **stamp.envelope())

    def attend(self, slug: str, by: str, stamp: Stamp) -> None:
        if slug in self.state.attendance:
            raise RuleViolation(
                f"{slug} is already recorded at the DCCG meeting of {self.state.date}"
            )
        self.record(self.Attended, stamp, slug=slug, by=by)


class MemberReview(LedgerAggregate):
    """The secretariat's yearly member-status review, once per year."""

    TOPIC = "dcledger:review"

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:review.members_reviewed:v1"
        year: int
        notes: str
        summary: dict[str, Any]
        changes: list[dict[str, str]]

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:review.retracted:v1"

    @property
    def state(self) -> MemberReviewState:
        return self._state

    @staticmethod
    def id_for(year: int) -> UUID:
        return stable_id("member-review", str(year))

    @classmethod
    def conduct(
        cls,
        year: int,
        notes: str,
        summary: dict[str, Any],
        changes: list[dict[str, str]],
        stamp: Stamp,
    ) -> MemberReview:
        return cls._create(
            cls.Created,
            id=cls.id_for(year),
            year=year,
            notes=notes,
            summary=summary,
            changes=changes,
            **stamp.envelope(),
        )
