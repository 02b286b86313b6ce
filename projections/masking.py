"""What the public never sees: email addresses.

Persons' and contacts' `email` fields are dropped wherever they occur; any other text that
looks like an address (a mailing list, a Message-ID, an evidence reference) is shown with
" at " for "@", so it stays readable and checkable but cannot be harvested as an address.
"""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
PRIVATE_KEYS = frozenset({"email"})


def mask(text: str) -> str:
    """`dc-x@lists.example.org` -> `dc-x at lists.example.org`."""
    return EMAIL.sub(lambda m: m.group(0).replace("@", " at "), text)


def mask_bytes(content: bytes) -> bytes:
    """The last guard before a file is written: free text (a title, a dissent, a report
    URL) may hold an address too."""
    if b"@" not in content:
        return content
    return mask(content.decode()).encode()


def scrub(value: Any) -> Any:
    """A copy of a JSON-like value with private keys removed and addresses masked."""
    if isinstance(value, str):
        return mask(value) if "@" in value else value
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if k not in PRIVATE_KEYS}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value
