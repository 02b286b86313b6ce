"""State folded from facts, one record (aggregate) at a time: each kind of record's
models and handlers in a module of its own, the fold itself in `fold`."""

from dcledger.ledger.state.charter import (
    AmendmentState,
    Ballot,
    CharterState,
    CharterVersion,
    Section,
    VoteState,
)
from dcledger.ledger.state.coalition import Activity, CoalitionState, Member, Report
from dcledger.ledger.state.dccg import DccgMeetingState, MemberReviewState
from dcledger.ledger.state.fold import HANDLERS, apply_fact, fold, fold_live, handles
from dcledger.ledger.state.model import StateModel
from dcledger.ledger.state.people import FoundingState, PersonState

State = (
    CoalitionState
    | PersonState
    | FoundingState
    | DccgMeetingState
    | MemberReviewState
    | CharterState
    | AmendmentState
)
STATE_OF_KIND: dict[str, type[StateModel]] = {
    "coalition": CoalitionState,
    "person": PersonState,
    "ledger": FoundingState,
    "dccg": DccgMeetingState,
    "review": MemberReviewState,
    "charter": CharterState,
    "amendment": AmendmentState,
}

__all__ = [
    "HANDLERS",
    "STATE_OF_KIND",
    "Activity",
    "AmendmentState",
    "Ballot",
    "CharterState",
    "CharterVersion",
    "CoalitionState",
    "DccgMeetingState",
    "FoundingState",
    "Member",
    "MemberReviewState",
    "PersonState",
    "Report",
    "Section",
    "State",
    "StateModel",
    "VoteState",
    "apply_fact",
    "fold",
    "fold_live",
    "handles",
]
