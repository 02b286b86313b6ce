"""Aggregates: each guards one consistency boundary and records its events.

Each aggregate's module is imported when one of its names is first used, and most of
its events are defined when first used (`base.Declared`): defining an event builds a
dataclass (about 1 ms), and a command records one or two events on one or two kinds of
record.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dcledger.ledger.aggregates.amendment import Amendment
    from dcledger.ledger.aggregates.base import Envelope, LedgerAggregate, stable_id
    from dcledger.ledger.aggregates.charter import Charter
    from dcledger.ledger.aggregates.coalition import Coalition
    from dcledger.ledger.aggregates.dccg import DccgMeeting, MemberReview
    from dcledger.ledger.aggregates.person import Founding, Person

# Each exported name -> the module defining it.
MODULE_OF = {
    "Amendment": "amendment",
    "Charter": "charter",
    "Coalition": "coalition",
    "DccgMeeting": "dccg",
    "Envelope": "base",
    "Founding": "person",
    "LedgerAggregate": "base",
    "MemberReview": "dccg",
    "Person": "person",
    "stable_id": "base",
}

# Each kind of record (the first word of its topics) -> the module defining it.
MODULE_OF_KIND = {
    "amendment": "amendment",
    "charter": "charter",
    "coalition": "coalition",
    "dccg": "dccg",
    "ledger": "person",
    "person": "person",
    "review": "dccg",
}

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


def __getattr__(name: str) -> Any:
    if name not in MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{MODULE_OF[name]}"), name)
    globals()[name] = value  # found directly from now on
    return value


def load_all() -> None:
    """Define every aggregate and its events, so that each event's topic resolves."""
    for module in sorted(set(MODULE_OF.values())):
        importlib.import_module(f"{__name__}.{module}")
    from dcledger.ledger.aggregates.base import DECLARED, define_event

    for owner, name in list(DECLARED.values()):
        define_event(owner, name)


def load_for_topic(topic: str) -> None:
    """Define the aggregate whose events (or itself) `topic` names, when it is one of
    this product's: `dcledger:coalition` and `dcledger:coalition.recognized:v1` both
    resolve once the coalition's module is loaded."""
    prefix, _, rest = topic.partition(":")
    module = MODULE_OF_KIND.get(rest.split(".", 1)[0].split(":", 1)[0])
    if prefix == "dcledger" and module is not None:
        importlib.import_module(f"{__name__}.{module}")
        from dcledger.ledger.aggregates.base import DECLARED, define_event

        if topic in DECLARED:  # an event declared, defined only now (see base.Declared)
            define_event(*DECLARED[topic])
