"""Every recording command, by its CLI name. The CLI and `import` both run these."""

from ledger.commands import charter, coalitions, membership, obligations, people
from ledger.commands.context import COMMANDS, Context, invoke

__all__ = ["COMMANDS", "Context", "charter", "coalitions", "invoke", "membership",
           "obligations", "people"]
