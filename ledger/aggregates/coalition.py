"""A Dynamic Coalition: its statement, lifecycle, members and annual obligations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger.aggregates.base import DeclaredEvent, Envelope, LedgerAggregate, stable_id
from dcledger.ledger.state import CoalitionState


class Coalition(LedgerAggregate):
    TOPIC = "dcledger:coalition"

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:coalition.proposed:v1"
        slug: str
        statement: dict[str, Any]

    class Reproposed(DeclaredEvent):
        TOPIC = "dcledger:coalition.reproposed:v1"
        statement: dict[str, Any]

    class Recognized(DeclaredEvent):
        TOPIC = "dcledger:coalition.recognized:v1"

    class Declined(DeclaredEvent):
        TOPIC = "dcledger:coalition.declined:v1"
        reason: str

    class PageUpdated(DeclaredEvent):
        TOPIC = "dcledger:coalition.page_updated:v1"
        summary: str

    class Reactivated(DeclaredEvent):
        TOPIC = "dcledger:coalition.reactivated:v1"
        reason: str
        missed_years: list[int]

    class Dissolved(DeclaredEvent):
        TOPIC = "dcledger:coalition.dissolved:v1"
        reason: str

    class MemberJoined(DeclaredEvent):
        TOPIC = "dcledger:coalition.member_joined:v1"
        handle: str
        membership: str  # full | observer (the envelope's `role` is the actor's)
        group: str

    class MemberLeft(DeclaredEvent):
        TOPIC = "dcledger:coalition.member_left:v1"
        handle: str

    class MemberRoleSet(DeclaredEvent):
        TOPIC = "dcledger:coalition.member_role_set:v1"
        handle: str
        membership: str

    class MemberRemoved(DeclaredEvent):
        TOPIC = "dcledger:coalition.member_removed:v1"
        handle: str
        reason: str

    class ContactConfirmed(DeclaredEvent):
        TOPIC = "dcledger:coalition.contact_confirmed:v1"
        handle: str
        email: str | None

    class Subscribed(DeclaredEvent):
        TOPIC = "dcledger:coalition.subscribed:v1"
        handle: str

    class CoordinatorAppointed(DeclaredEvent):
        TOPIC = "dcledger:coalition.coordinator_appointed:v1"
        handle: str

    class CoordinatorDismissed(DeclaredEvent):
        TOPIC = "dcledger:coalition.coordinator_dismissed:v1"
        handle: str

    class RepresentativeAppointed(DeclaredEvent):
        TOPIC = "dcledger:coalition.representative_appointed:v1"
        handle: str

    class ReportFiled(DeclaredEvent):
        TOPIC = "dcledger:coalition.report_filed:v1"
        year: int
        url: str | None
        file: str | None

    class ExtensionRequested(DeclaredEvent):
        TOPIC = "dcledger:coalition.extension_requested:v1"
        year: int
        until: str
        reason: str

    class ExtensionGranted(DeclaredEvent):
        TOPIC = "dcledger:coalition.extension_granted:v1"
        year: int

    class ExtensionDenied(DeclaredEvent):
        TOPIC = "dcledger:coalition.extension_denied:v1"
        year: int
        reason: str

    class MeetingRecorded(DeclaredEvent):
        TOPIC = "dcledger:coalition.meeting_recorded:v1"
        title: str

    class OutputRecorded(DeclaredEvent):
        TOPIC = "dcledger:coalition.output_recorded:v1"
        kind: str
        title: str
        agreement: str
        dissent: list[str]
        no_dissent: bool

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:coalition.retracted:v1"

    @property
    def state(self) -> CoalitionState:
        return super().state

    @staticmethod
    def id_for(slug: str) -> UUID:
        return stable_id("coalition", slug)

    @classmethod
    def propose(cls, slug: str, statement: dict[str, Any], envelope: Envelope) -> Coalition:
        return cls._create(
            cls.Created, id=cls.id_for(slug), slug=slug, statement=statement, **envelope.fields()
        )

    @property
    def slug(self) -> str:
        return self.state.slug

    # Each command method records one event; the rule layer checks it before it is saved.

    def repropose(self, statement: dict[str, Any], envelope: Envelope) -> None:
        self.record(self.Reproposed, envelope, statement=statement)

    def recognize(self, envelope: Envelope) -> None:
        self.record(self.Recognized, envelope)

    def decline(self, reason: str, envelope: Envelope) -> None:
        self.record(self.Declined, envelope, reason=reason)

    def update_page(self, summary: str, envelope: Envelope) -> None:
        self.record(self.PageUpdated, envelope, summary=summary)

    def reactivate(self, reason: str, missed_years: list[int], envelope: Envelope) -> None:
        self.record(self.Reactivated, envelope, reason=reason, missed_years=missed_years)

    def dissolve(self, reason: str, envelope: Envelope) -> None:
        self.record(self.Dissolved, envelope, reason=reason)

    def join(self, handle: str, role: str, group: str, envelope: Envelope) -> None:
        self.record(self.MemberJoined, envelope, handle=handle, membership=role, group=group)

    def leave(self, handle: str, envelope: Envelope) -> None:
        self.record(self.MemberLeft, envelope, handle=handle)

    def set_role(self, handle: str, role: str, envelope: Envelope) -> None:
        self.record(self.MemberRoleSet, envelope, handle=handle, membership=role)

    def remove(self, handle: str, reason: str, envelope: Envelope) -> None:
        self.record(self.MemberRemoved, envelope, handle=handle, reason=reason)

    def confirm_contact(self, handle: str, email: str | None, envelope: Envelope) -> None:
        self.record(self.ContactConfirmed, envelope, handle=handle, email=email)

    def subscribe(self, handle: str, envelope: Envelope) -> None:
        self.record(self.Subscribed, envelope, handle=handle)

    def appoint_coordinator(self, handle: str, envelope: Envelope) -> None:
        self.record(self.CoordinatorAppointed, envelope, handle=handle)

    def dismiss_coordinator(self, handle: str, envelope: Envelope) -> None:
        self.record(self.CoordinatorDismissed, envelope, handle=handle)

    def appoint_representative(self, handle: str, envelope: Envelope) -> None:
        self.record(self.RepresentativeAppointed, envelope, handle=handle)

    def file_report(self, year: int, url: str | None, file: str | None, envelope: Envelope) -> None:
        self.record(self.ReportFiled, envelope, year=year, url=url, file=file)

    def request_extension(self, year: int, until: str, reason: str, envelope: Envelope) -> None:
        self.record(self.ExtensionRequested, envelope, year=year, until=until, reason=reason)

    def grant_extension(self, year: int, envelope: Envelope) -> None:
        self.record(self.ExtensionGranted, envelope, year=year)

    def deny_extension(self, year: int, reason: str, envelope: Envelope) -> None:
        self.record(self.ExtensionDenied, envelope, year=year, reason=reason)

    def record_meeting(self, title: str, envelope: Envelope) -> None:
        self.record(self.MeetingRecorded, envelope, title=title)

    def record_output(
        self, kind: str, title: str, agreement: str, dissent: list[str], envelope: Envelope
    ) -> None:
        self.record(
            self.OutputRecorded,
            envelope,
            kind=kind,
            title=title,
            agreement=agreement,
            dissent=dissent,
            no_dissent=not dissent,
        )
