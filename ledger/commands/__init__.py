"""Every recording command, by its CLI name. The CLI and `import` both run these."""

from dcledger.ledger.commands import charter, coalitions, membership, obligations, people
from dcledger.ledger.commands.context import COMMANDS, Context, invoke

__all__ = [
    "COMMANDS",
    "Context",
    "charter",
    "coalitions",
    "invoke",
    "membership",
    "obligations",
    "people",
]
