"""One check per event type. Importing this package registers every one of them."""

from dcledger.ledger.rules.checks import (  # noqa: F401 - each module registers its checks
    charter,
    coalitions,
    membership,
    obligations,
    people,
    retraction,
    votes,
)
from dcledger.ledger.rules.checks.base import CHECKS, ROLES, check_fact

__all__ = ["CHECKS", "ROLES", "check_fact"]
