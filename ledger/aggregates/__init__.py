"""Aggregates: each guards one consistency boundary and records its events."""

from ledger.aggregates.amendment import Amendment
from ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from ledger.aggregates.charter import Charter
from ledger.aggregates.coalition import Coalition
from ledger.aggregates.dccg import DccgMeeting, MemberReview
from ledger.aggregates.person import Ledger, Person

__all__ = [
    "Amendment",
    "Charter",
    "Coalition",
    "DccgMeeting",
    "Ledger",
    "LedgerAggregate",
    "MemberReview",
    "Person",
    "Stamp",
    "stable_id",
]
