"""Whom the public site names. The charter publishes the names of a coalition's full
members; observers are counted, not listed. A person who took part in a coalition only
as an observer is therefore "an observer" on its pages, in its feeds and in the public
log, and a person who was never named anywhere (only ever an observer) has no person
events in the public log either. Whoever was ever a full member, founder, co-coordinator
or representative of a coalition, holds an office, or acted in the charter's process (an
amendment's discussion, say, which its public page tells by name) is named. The ledger itself
(`dcledger log`, `members`) keeps every handle for auditors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

OBSERVER = "an observer"
# Events that make their person a named participant of the coalition.
NAMING_EVENTS = {"coalition.coordinator_appointed", "coalition.representative_appointed"}
PERSON_FIELDS = ("actor", "person")
# Records whose events the public pages tell with their actor's name (amendment pages).
PUBLIC_PROCESS = {"amendment", "charter", "dccg"}


@dataclass
class Participation:
    """Per coalition, who joined it as an observer and who is named in it."""

    observers: dict[str, set[str]] = field(default_factory=dict)
    named: dict[str, set[str]] = field(default_factory=dict)

    def observers_only(self, office_holders: set[str]) -> dict[str, set[str]]:
        """Per coalition, its observers never named in it nor holding an office."""
        found = {
            slug: handles - self.named.get(slug, set()) - office_holders
            for slug, handles in self.observers.items()
        }
        return {slug: handles for slug, handles in found.items() if handles}

    def never_named(self, office_holders: set[str]) -> set[str]:
        """Those who were observers and were named nowhere."""
        named = set().union(*self.named.values()) | office_holders
        return set().union(*self.observers.values()) - named


def participation(events: Iterable[dict[str, Any]]) -> Participation:
    found = Participation()
    for event in events:
        if event["kind"] in PUBLIC_PROCESS:  # acting in the charter's process names one
            found.named.setdefault("", set()).add(event["actor"])
        if event["kind"] != "coalition":
            continue
        slug, data, kind = event["subject"], event["data"], event["type"]
        full = data.get("membership") == "full"
        if kind == "coalition.member_joined" and not full:
            found.observers.setdefault(slug, set()).add(data.get("handle"))
        elif kind in NAMING_EVENTS or (kind.startswith("coalition.member_") and full):
            found.named.setdefault(slug, set()).add(data.get("handle"))
        elif kind in ("coalition.proposed", "coalition.reproposed"):
            statement = data.get("statement", {})
            founders = [*statement.get("members", []), *statement.get("contacts", [])]
            found.named.setdefault(slug, set()).update(f.get("handle") for f in founders)
    return found


def without_observers(event: dict[str, Any], withheld: set[str]) -> dict[str, Any]:
    """The event as the public reads it: an observer's handle said as "an observer"."""
    if not withheld:
        return event
    shown = {
        k: OBSERVER if k in PERSON_FIELDS and event[k] in withheld else v for k, v in event.items()
    }
    if shown["data"].get("handle") in withheld:
        shown["data"] = shown["data"] | {"handle": OBSERVER}
    return shown
