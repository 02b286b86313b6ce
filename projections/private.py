"""Personal contact data stays out of the views meant to be shared.

Every email address in an event (a person's, a statement's contacts and members) is
replaced by PRIVATE before the event reaches the views, so the events, snapshots and
tables of `LEDGER.views.db` hold none. The current address of each person goes to a
separate file beside them, `LEDGER.private.db` (table `contacts`), for the secretariat.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dcledger.ledger.facts import Fact

PRIVATE = "(private)"
SECRET_KEYS = {"email"}
ALIAS = "private"
CONTACTS = f"""CREATE TABLE IF NOT EXISTS {ALIAS}.contacts (
    handle TEXT PRIMARY KEY, email TEXT, since TEXT, event INTEGER)"""
# The events whose email is a person's current address, and where the handle is.
ADDRESSING = {"person.registered", "person.contact_updated"}


def private_path(views: Path) -> Path:
    """`dc.views.db` -> `dc.private.db`; any other name gets `.private.db` instead of
    its suffix."""
    name = views.name
    if name.endswith(".views.db"):
        return views.with_name(name[: -len(".views.db")] + ".private.db")
    return views.with_name(views.stem + ".private.db")


def redact(fact: Fact) -> Fact:
    if not mentions_secret(fact.data):
        return fact
    return dataclasses.replace(fact, data=scrub(fact.data))


def mentions_secret(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k in SECRET_KEYS or mentions_secret(v) for k, v in value.items())
    if isinstance(value, list):
        return any(mentions_secret(v) for v in value)
    return False


def scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: PRIVATE if k in SECRET_KEYS else scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def contact_row(fact: Fact, handle: str | None) -> dict[str, Any] | None:
    """The person's address as this event sets it (None if it sets none)."""
    email = fact.data.get("email")
    if fact.type not in ADDRESSING or not isinstance(email, str) or handle is None:
        return None
    return {"handle": handle, "email": email, "since": fact.effective_date, "event": fact.id}
