"""Facts straight from stored events, without building the event objects: the log's
JSON holds every field, and only the timestamp is in a transcoded form. Anything else
(another transcoded type) is decoded the library's way by the caller."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from uuid import UUID

from dcledger.ledger.facts import ENVELOPE, LIBRARY_FIELDS, Fact, type_of_topic

TRANSCODED = b'"_type_"'
# How the event stores write an id: 32 hex digits, with or without the four dashes.
STORED_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def fact_from_stored(stored: Any, notification_id: int | None) -> Fact | None:
    """The fact of a stored event, or None when its JSON holds more than the timestamp
    in a transcoded form."""
    if stored.state.count(TRANSCODED) != 1:
        return None
    values = json.loads(stored.state.decode())  # text: json need not guess its encoding
    stamp = values.get("timestamp")
    if not isinstance(stamp, dict) or stamp.get("_type_") != "datetime_iso":
        return None
    return Fact(
        aggregate_id=hex_of(stored.originator_id),
        version=stored.originator_version,
        type=type_of_topic(stored.topic),
        effective_date=values["effective_date"],
        recorded_at=datetime.fromisoformat(stamp["_data_"]).isoformat(timespec="microseconds"),
        actor=values["actor"],
        role=values["role"],
        evidence=values.get("evidence"),
        person=values.get("person"),
        data={k: v for k, v in values.items() if k not in ENVELOPE and k not in LIBRARY_FIELDS},
        id=notification_id,
        seq=notification_id or 0,
    )


def hex_of(originator: UUID | str) -> str:
    """An aggregate id as 32 hex digits; the stored form is read without building a UUID
    (anything else goes through one, which refuses what is no id)."""
    if isinstance(originator, UUID):
        return originator.hex
    if STORED_UUID.fullmatch(originator):
        return originator.replace("-", "")
    return UUID(originator).hex
