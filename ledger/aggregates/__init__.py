"""Aggregates: each guards one consistency boundary and records its events."""

from dcledger.ledger.aggregates.amendment import Amendment
from dcledger.ledger.aggregates.base import Envelope, LedgerAggregate, stable_id
from dcledger.ledger.aggregates.charter import Charter
from dcledger.ledger.aggregates.coalition import Coalition
from dcledger.ledger.aggregates.dccg import DccgMeeting, MemberReview
from dcledger.ledger.aggregates.person import Founding, Person

__all__ = [
    "Amendment",
    "Charter",
    "Coalition",
    "DccgMeeting",
    "Envelope",
    "Founding",
    "LedgerAggregate",
    "MemberReview",
    "Person",
    "stable_id",
]
