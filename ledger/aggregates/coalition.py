"""A Dynamic Coalition: its statement, lifecycle, members and annual obligations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger import rules
from dcledger.ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from dcledger.ledger.errors import AlreadyExists, InvalidInput, RuleViolation
from dcledger.ledger.state import CoalitionState, Member
from dcledger.ledger.vocabulary import MEMBER_ROLES, OUTPUT_KINDS, STAKEHOLDER_GROUPS


class Coalition(LedgerAggregate):
    TOPIC = "dcledger:coalition"

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.proposed:v1"
        slug: str
        statement: dict[str, Any]

    class Reproposed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.reproposed:v1"
        statement: dict[str, Any]

    class Recognized(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.recognized:v1"

    class Declined(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.declined:v1"
        reason: str

    class PageUpdated(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.page_updated:v1"
        summary: str

    class Reactivated(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.reactivated:v1"
        reason: str
        missed_years: list[int]

    class Dissolved(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.dissolved:v1"
        reason: str

    class MemberJoined(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.member_joined:v1"
        handle: str
        membership: str  # full | observer (the envelope's `role` is the actor's)
        group: str

    class MemberLeft(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.member_left:v1"
        handle: str

    class MemberRoleSet(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.member_role_set:v1"
        handle: str
        membership: str

    class MemberRemoved(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.member_removed:v1"
        handle: str
        reason: str

    class ContactConfirmed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.contact_confirmed:v1"
        handle: str
        email: str | None

    class Subscribed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.subscribed:v1"
        handle: str

    class CoordinatorAppointed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.coordinator_appointed:v1"
        handle: str

    class CoordinatorDismissed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.coordinator_dismissed:v1"
        handle: str

    class RepresentativeAppointed(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.representative_appointed:v1"
        handle: str

    class ReportFiled(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.report_filed:v1"
        year: int
        url: str | None
        file: str | None

    class ExtensionRequested(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.extension_requested:v1"
        year: int
        until: str
        reason: str

    class ExtensionGranted(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.extension_granted:v1"
        year: int

    class ExtensionDenied(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.extension_denied:v1"
        year: int
        reason: str

    class MeetingRecorded(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.meeting_recorded:v1"
        title: str

    class OutputRecorded(LedgerAggregate.Event):
        TOPIC = "dcledger:coalition.output_recorded:v1"
        kind: str
        title: str
        agreement: str
        dissent: list[str]
        no_dissent: bool

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:coalition.retracted:v1"

    @property
    def state(self) -> CoalitionState:
        return self._state

    @staticmethod
    def id_for(slug: str) -> UUID:
        return stable_id("coalition", slug)

    @classmethod
    def propose(cls, slug: str, statement: dict[str, Any], stamp: Stamp) -> Coalition:
        return cls._create(
            cls.Created, id=cls.id_for(slug), slug=slug, statement=statement, **stamp.envelope()
        )

    # --- reading -----------------------------------------------------------------------

    @property
    def slug(self) -> str:
        return self.state.slug

    def member(self, handle: str) -> Member | None:
        return self.state.members.get(handle)

    def is_coordinator(self, handle: str) -> bool:
        member = self.member(handle)
        return bool(member and member.coordinator)

    def coordinators(self) -> list[str]:
        return [h for h, m in self.state.members.items() if m.coordinator]

    # --- guards ------------------------------------------------------------------------

    def check_open(self) -> None:
        if self.state.lifecycle == "dissolved":
            raise RuleViolation(f"{self.slug} is dissolved and accepts no further records")

    def check_lifecycle(self, *allowed: str) -> None:
        self.check_open()
        if self.state.lifecycle not in allowed:
            raise RuleViolation(
                f"{self.slug} is {self.state.lifecycle}; this needs it to be {' or '.join(allowed)}"
            )

    def check_member(self, handle: str) -> Member:
        member = self.member(handle)
        if member is None:
            raise RuleViolation(f"{handle} is not a member of {self.slug}")
        return member

    def check_not_last_coordinator(self, handle: str) -> None:
        if self.is_coordinator(handle) and len(self.coordinators()) == 1:
            raise RuleViolation(
                f"{handle} is the last co-coordinator of {self.slug}; appoint another first"
            )

    @staticmethod
    def check_group(group: str) -> None:
        if group not in STAKEHOLDER_GROUPS:
            raise InvalidInput(
                f"unknown stakeholder group '{group}' (one of: {', '.join(STAKEHOLDER_GROUPS)})"
            )

    # --- lifecycle ---------------------------------------------------------------------

    def repropose(self, statement: dict[str, Any], stamp: Stamp) -> None:
        if self.state.lifecycle != "declined":
            raise AlreadyExists(f"a coalition with slug '{self.slug}' already exists")
        self.record(self.Reproposed, stamp, statement=statement)

    def recognize(self, stamp: Stamp) -> None:
        self.check_lifecycle("proposed")
        self.record(self.Recognized, stamp)

    def decline(self, reason: str, stamp: Stamp) -> None:
        self.check_lifecycle("proposed")
        self.record(self.Declined, stamp, reason=reason)

    def update_page(self, summary: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.record(self.PageUpdated, stamp, summary=summary)

    def reactivate(self, reason: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        standing = rules.standing(self.state, stamp.effective_date)
        if standing.status != "inactive":
            raise RuleViolation(f"{self.slug} is not inactive on {stamp.effective_date}")
        self.record(self.Reactivated, stamp, reason=reason, missed_years=standing.missed_years)

    def dissolve(self, reason: str, stamp: Stamp) -> None:
        self.check_open()
        self.record(self.Dissolved, stamp, reason=reason)

    # --- membership --------------------------------------------------------------------

    def join(self, handle: str, role: str, group: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.check_group(group)
        if role not in MEMBER_ROLES:
            raise InvalidInput(f"unknown role '{role}'")
        if self.member(handle):
            raise RuleViolation(f"{handle} is already a member of {self.slug}")
        self.record(self.MemberJoined, stamp, handle=handle, membership=role, group=group)

    def leave(self, handle: str, stamp: Stamp) -> None:
        self.check_open()
        self.check_member(handle)
        self.check_not_last_coordinator(handle)
        self.record(self.MemberLeft, stamp, handle=handle)

    def set_role(self, handle: str, role: str, stamp: Stamp) -> None:
        self.check_open()
        if role not in MEMBER_ROLES:
            raise InvalidInput(f"unknown role '{role}' (full or observer)")
        member = self.check_member(handle)
        if member.role == role:
            raise RuleViolation(f"{handle} is already a {role} member of {self.slug}")
        if member.coordinator:
            raise RuleViolation(f"{handle} is a co-coordinator; dismiss them before a role change")
        self.record(self.MemberRoleSet, stamp, handle=handle, membership=role)

    def remove(self, handle: str, reason: str, stamp: Stamp) -> None:
        self.check_open()
        self.check_member(handle)
        self.check_not_last_coordinator(handle)
        self.record(self.MemberRemoved, stamp, handle=handle, reason=reason)

    def confirm_contact(self, handle: str, email: str | None, stamp: Stamp) -> None:
        self.check_open()
        self.check_member(handle)
        self.record(self.ContactConfirmed, stamp, handle=handle, email=email)

    def subscribe(self, handle: str, stamp: Stamp) -> None:
        self.check_open()
        if self.check_member(handle).subscribed_on:
            raise RuleViolation(f"{handle} is already subscribed to {self.slug}'s list")
        self.record(self.Subscribed, stamp, handle=handle)

    def appoint_coordinator(self, handle: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        member = self.check_member(handle)
        if member.role != "full":
            raise RuleViolation(f"co-coordinators must be full members; {handle} is an observer")
        if member.coordinator:
            raise RuleViolation(f"{handle} is already a co-coordinator of {self.slug}")
        self.record(self.CoordinatorAppointed, stamp, handle=handle)

    def dismiss_coordinator(self, handle: str, stamp: Stamp) -> None:
        self.check_open()
        if not self.is_coordinator(handle):
            raise RuleViolation(f"{handle} is not a co-coordinator of {self.slug}")
        self.check_not_last_coordinator(handle)
        self.record(self.CoordinatorDismissed, stamp, handle=handle)

    def appoint_representative(self, handle: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.check_member(handle)
        self.record(self.RepresentativeAppointed, stamp, handle=handle)

    def can_represent(self, handle: str) -> bool:
        return self.is_coordinator(handle) or self.state.representative == handle

    # --- annual obligations ------------------------------------------------------------

    def check_report_year(self, year: int, on: str) -> None:
        recognized = self.state.recognized_on
        if recognized is None or year < int(recognized[:4]):
            raise RuleViolation(f"{self.slug} owes no report for {year} (recognized {recognized})")
        if year > int(on[:4]):
            raise RuleViolation(f"a report for {year} cannot be dealt with on {on}")

    def file_report(self, year: int, url: str | None, file: str | None, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.check_report_year(year, stamp.effective_date)
        report = self.state.reports.get(year)
        if report and report.filed_on:
            raise RuleViolation(
                f"the {year} report of {self.slug} was filed on {report.filed_on}; "
                "retract that event to replace it"
            )
        self.record(self.ReportFiled, stamp, year=year, url=url, file=file)

    def request_extension(self, year: int, until: str, reason: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.check_report_year(year, stamp.effective_date)
        report = self.state.reports.get(year)
        if report and report.filed_on:
            raise RuleViolation(f"the {year} report of {self.slug} is already filed")
        if report and report.extension_status in ("requested", "granted"):
            raise RuleViolation(f"an extension for {year} is already {report.extension_status}")
        if until <= rules.original_deadline(year).isoformat():
            raise RuleViolation(
                f"an extension must run past the deadline {rules.original_deadline(year)}"
            )
        self.record(self.ExtensionRequested, stamp, year=year, until=until, reason=reason)

    def check_pending_extension(self, year: int) -> None:
        self.check_lifecycle("recognized")
        report = self.state.reports.get(year)
        if report is None or report.extension_status != "requested":
            raise RuleViolation(f"{self.slug} has no pending extension request for {year}")

    def grant_extension(self, year: int, stamp: Stamp) -> None:
        self.check_pending_extension(year)
        self.record(self.ExtensionGranted, stamp, year=year)

    def deny_extension(self, year: int, reason: str, stamp: Stamp) -> None:
        self.check_pending_extension(year)
        self.record(self.ExtensionDenied, stamp, year=year, reason=reason)

    def record_meeting(self, title: str, stamp: Stamp) -> None:
        self.check_lifecycle("recognized")
        self.record(self.MeetingRecorded, stamp, title=title)

    def record_output(
        self,
        kind: str,
        title: str,
        agreement: str,
        dissent: list[str],
        no_dissent: bool,
        stamp: Stamp,
    ) -> None:
        self.check_lifecycle("recognized")
        if kind not in OUTPUT_KINDS:
            raise InvalidInput(f"unknown output kind '{kind}' (one of: {', '.join(OUTPUT_KINDS)})")
        if not agreement.strip():
            raise InvalidInput("an output must state its areas of agreement")
        dissent = [d for d in dissent if d.strip()]
        if bool(dissent) == no_dissent:
            raise InvalidInput(
                "an output must record its dissenting viewpoints (--dissent) "
                "or state that none were raised (--no-dissent), not both"
            )
        self.record(
            self.OutputRecorded,
            stamp,
            kind=kind,
            title=title,
            agreement=agreement,
            dissent=dissent,
            no_dissent=no_dissent,
        )
