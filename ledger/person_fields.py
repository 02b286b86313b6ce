"""A person's handle, name and email address as the ledger accepts them, and the
patterns statements check theirs with. Kept apart from `documents`, which loads
pydantic and the TOML reader: recording a person or a new address needs neither."""

from __future__ import annotations

import re

from dcledger.ledger.errors import InvalidInput

HANDLE_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,62}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
# An address as people write it: a dot-atom local part (RFC 5322 atext), then a domain of
# two or more labels of letters, digits and inner hyphens (any script). No `mailto:`, no
# empty label (`b..org`), no label starting or ending with a hyphen.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_LABEL}$"


def check_person_fields(handle: str, name: str, email: str) -> None:
    if not re.fullmatch(HANDLE_PATTERN, handle):  # fullmatch: "ana\n" is no handle
        raise InvalidInput(f"handle '{handle}' must be lowercase letters, digits, '.', '_' or '-'")
    if not name.strip():
        raise InvalidInput("a person needs a name")
    if not re.fullmatch(EMAIL_PATTERN, email):
        raise InvalidInput(f"'{email}' is not an email address")
