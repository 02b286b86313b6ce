"""The domain's exceptions. Anything the user can cause is a LedgerError."""


class LedgerError(Exception):
    """A refusal the user can act on; the CLI prints it as one `Error:` line.

    `rule` names the charter rule that refused it, so a user (and a test) can tell which
    one spoke; it is shown at the end of the message.
    """

    def __init__(self, message: str = "", *, rule: str | None = None):
        self.rule = rule
        self.message = message  # without the rule's name
        super().__init__(f"{message} [rule: {rule}]" if rule else message)


class InvalidInput(LedgerError):
    """The arguments are malformed (bad date, unknown group, missing text...)."""


class StatementInvalid(InvalidInput):
    """A written statement lacks parts; every problem is named at once."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the statement is incomplete: " + "; ".join(problems))


class NotFound(LedgerError):
    """A named person, coalition, event or amendment does not exist."""


class AlreadyExists(LedgerError):
    """A unique name is taken."""


class NotPermitted(LedgerError):
    """The actor lacks the role the rules require."""


class RuleViolation(LedgerError):
    """The action breaks a charter rule in the current state."""


class IntegrityFailure(LedgerError):
    """The log does not prove itself, or a checkpoint is not the ledger's to trust; the
    message names the first bad event, or why the checkpoint is refused."""


class LedgerUnavailable(LedgerError):
    """The storage cannot be used: missing, foreign, locked or unreachable."""
