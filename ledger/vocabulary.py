"""Closed vocabularies of the charter, as string enums: each value is stored and shown as
its plain text, and a value outside the vocabulary cannot be written by mistake."""

from enum import StrEnum


class StakeholderGroup(StrEnum):
    GOVERNMENT = "government"
    PRIVATE_SECTOR = "private-sector"
    CIVIL_SOCIETY = "civil-society"
    TECHNICAL_COMMUNITY = "technical-community"
    ACADEMIA = "academia"
    INTERGOVERNMENTAL_ORGANIZATION = "intergovernmental-organization"


class Role(StrEnum):
    """The role under which an event was recorded (the rules' "Who acts" table)."""

    SECRETARIAT = "secretariat"
    DCCG = "dccg"
    COORDINATOR = "coordinator"
    MEMBER = "member"


class Office(StrEnum):
    SECRETARIAT = "secretariat"
    DCCG = "dccg"


class Membership(StrEnum):
    FULL = "full"
    OBSERVER = "observer"


class OutputKind(StrEnum):
    DOCUMENT = "document"
    EVENT = "event"
    PROJECT = "project"


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Threshold(StrEnum):
    MAJORITY = "majority"
    TWO_THIRDS = "two-thirds"


class Lifecycle(StrEnum):
    """Stored coalition lifecycle states; active and inactive are derived by the rules."""

    PROPOSED = "proposed"
    DECLINED = "declined"
    RECOGNIZED = "recognized"
    DISSOLVED = "dissolved"


class ExtensionStatus(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    DENIED = "denied"


class AmendmentStatus(StrEnum):
    PROPOSED = "proposed"
    CONSENSUS = "consensus"
    VOTING = "voting"
    RATIFIED = "ratified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    INCORPORATED = "incorporated"


class Status(StrEnum):
    """A coalition's status on a date, as `status` shows it."""

    PROPOSED = "proposed"
    DECLINED = "declined"
    ACTIVE = "active"
    INACTIVE = "inactive"
    DISSOLVED = "dissolved"


# The values as plain strings, for click choices and membership tests.
STAKEHOLDER_GROUPS = tuple(g.value for g in StakeholderGroup)
OFFICES = tuple(o.value for o in Office)
MEMBER_ROLES = tuple(m.value for m in Membership)
OUTPUT_KINDS = tuple(k.value for k in OutputKind)
BALLOT_CHOICES = tuple(c.value for c in Choice)
THRESHOLDS = tuple(t.value for t in Threshold)

SECRETARIAT, DCCG, COORDINATOR, MEMBER = Role
PROPOSED, DECLINED, RECOGNIZED, DISSOLVED = Lifecycle


# Every event type, for commands that filter by type without loading the aggregates (a
# test keeps it equal to the aggregates' topics).
EVENT_TYPES = frozenset(
    (
        "amendment.ballot_cast",
        "amendment.consensus_reached",
        "amendment.discussed",
        "amendment.incorporated",
        "amendment.proposed",
        "amendment.rebased",
        "amendment.retracted",
        "amendment.vote_closed",
        "amendment.vote_opened",
        "amendment.withdrawn",
        "charter.adopted",
        "charter.adopted_again",
        "charter.amendment_incorporated",
        "charter.amendment_numbered",
        "charter.retracted",
        "charter.reviewed",
        "coalition.contact_confirmed",
        "coalition.coordinator_appointed",
        "coalition.coordinator_dismissed",
        "coalition.declined",
        "coalition.dissolved",
        "coalition.extension_denied",
        "coalition.extension_granted",
        "coalition.extension_requested",
        "coalition.meeting_recorded",
        "coalition.member_joined",
        "coalition.member_left",
        "coalition.member_removed",
        "coalition.member_role_set",
        "coalition.output_recorded",
        "coalition.page_updated",
        "coalition.proposed",
        "coalition.reactivated",
        "coalition.recognized",
        "coalition.report_filed",
        "coalition.representative_appointed",
        "coalition.reproposed",
        "coalition.retracted",
        "coalition.subscribed",
        "dccg.attended",
        "dccg.meeting_held",
        "dccg.meeting_held_again",
        "dccg.retracted",
        "ledger.initialized",
        "ledger.retracted",
        "person.contact_updated",
        "person.key_added",
        "person.key_revoked",
        "person.office_granted",
        "person.registered",
        "person.retracted",
        "review.members_reviewed",
        "review.members_reviewed_again",
        "review.retracted",
    )
)
# Their stored topics: every event is at version 1 of its schema.
EVENT_TOPICS = frozenset(f"dcledger:{t}:v1" for t in EVENT_TYPES)
