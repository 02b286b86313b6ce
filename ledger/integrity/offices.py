"""Who held the secretariat office when, as the log tells it: whom a verifier accepts as
signing events recorded by others, and checkpoints for the ledger.

Read in log order, like the key book: a grant counts from its effective date; a grant
retracted counts no more from the retraction on (what was signed before stays valid).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECRETARIAT = "secretariat"
REGISTERED = "dcledger:person.registered:v1"
GRANTED = "dcledger:person.office_granted:v1"
RETRACTED = "dcledger:person.retracted:v1"


@dataclass
class SecretariatOffice:
    handles: dict[str, str] = field(default_factory=dict)  # person record -> handle
    # (person record, event version) of each live grant -> (handle, effective date)
    grants: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)

    def learn(self, doc: dict[str, Any]) -> None:
        data, topic, record = doc["data"], doc["topic"], doc["record"]
        if topic == REGISTERED:
            self.handles[record] = data.get("handle")
            if SECRETARIAT in (data.get("offices") or []):
                self._grant(doc, data.get("handle"))
        elif topic == GRANTED and data.get("office") == SECRETARIAT:
            self._grant(doc, self.handles.get(record, ""))
        elif topic == RETRACTED:
            self.grants.pop((record, data.get("target_version")), None)

    def _grant(self, doc: dict[str, Any], handle: Any) -> None:
        self.grants[(doc["record"], doc["version"])] = (str(handle), doc["effective_date"])

    def holds_on(self, handle: str, day: str) -> bool:
        return any(h == handle and since <= day for h, since in self.grants.values())

    def holders(self) -> set[str]:
        """Everyone the log, as read so far, leaves holding the office (on some date)."""
        return {h for h, _ in self.grants.values()}
