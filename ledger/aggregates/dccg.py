"""Monthly DCCG meetings with their attendance, and the yearly member-status review."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger.aggregates.base import DeclaredEvent, Envelope, LedgerAggregate, stable_id
from dcledger.ledger.state import DccgMeetingState, MemberReviewState


class DccgMeeting(LedgerAggregate):
    """One DCCG meeting, identified by its date."""

    TOPIC = "dcledger:dccg"

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:dccg.meeting_held:v1"
        date: str

    class HeldAgain(DeclaredEvent):
        """The meeting of this date recorded again, after its first record was retracted."""

        TOPIC = "dcledger:dccg.meeting_held_again:v1"
        date: str

    class Attended(DeclaredEvent):
        TOPIC = "dcledger:dccg.attended:v1"
        slug: str
        by: str

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:dccg.retracted:v1"

    @property
    def state(self) -> DccgMeetingState:
        return super().state

    @staticmethod
    def id_for(day: str) -> UUID:
        return stable_id("dccg-meeting", day)

    @classmethod
    def hold(cls, envelope: Envelope) -> DccgMeeting:
        day = envelope.effective_date
        return cls._create(cls.Created, id=cls.id_for(day), date=day, **envelope.fields())

    def hold_again(self, envelope: Envelope) -> None:
        self.record(self.HeldAgain, envelope, date=envelope.effective_date)

    def attend(self, slug: str, by: str, envelope: Envelope) -> None:
        self.record(self.Attended, envelope, slug=slug, by=by)


class MemberReview(LedgerAggregate):
    """The secretariat's yearly member-status review, once per year."""

    TOPIC = "dcledger:review"

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:review.members_reviewed:v1"
        year: int
        notes: str
        summary: dict[str, Any]
        changes: list[dict[str, str]]

    class ConductedAgain(DeclaredEvent):
        """The review of this year recorded again, after its first record was retracted."""

        TOPIC = "dcledger:review.members_reviewed_again:v1"
        year: int
        notes: str
        summary: dict[str, Any]
        changes: list[dict[str, str]]

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:review.retracted:v1"

    @property
    def state(self) -> MemberReviewState:
        return super().state

    @staticmethod
    def id_for(year: int) -> UUID:
        return stable_id("member-review", str(year))

    @classmethod
    def conduct(cls, envelope: Envelope, **review: Any) -> MemberReview:
        """The review of `review["year"]`, with its notes, summary and changes (the
        fields of `Created`, which type them)."""
        year = review["year"]
        return cls._create(cls.Created, id=cls.id_for(year), **review, **envelope.fields())

    def conduct_again(self, envelope: Envelope, **review: Any) -> None:
        """The same fields as `conduct`, after the first review was retracted."""
        self.record(self.ConductedAgain, envelope, **review)
