"""Events told in words, for a coalition's history, the Atom feeds and the index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dcledger.projections.site.naming import OBSERVER

Event = dict[str, Any]
Namer = Callable[[str | None], str]

# `{name}` is the person the event is about (data `handle`, `by`, or the envelope's
# `person`); other fields come from the event's data.
SENTENCES: dict[str, str] = {
    "coalition.proposed": "Proposed, with its written statement",
    "coalition.reproposed": "Proposed again, with a revised statement",
    "coalition.recognized": "Recognized",
    "coalition.declined": "Declined: {reason}",
    "coalition.page_updated": "Page updated: {summary}",
    "coalition.reactivated": "Reactivated: {reason}",
    "coalition.dissolved": "Dissolved: {reason}",
    "coalition.member_joined": "{name} joined as {membership} ({group})",
    "coalition.member_left": "{name} left",
    "coalition.member_role_set": "{name} became {membership}",
    "coalition.member_removed": "{name} was removed: {reason}",
    "coalition.contact_confirmed": "{name} confirmed their contact details",
    "coalition.subscribed": "{name} subscribed to the mailing list",
    "coalition.coordinator_appointed": "{name} appointed co-coordinator",
    "coalition.coordinator_dismissed": "{name} dismissed as co-coordinator",
    "coalition.representative_appointed": "{name} appointed representative to the DCCG",
    "coalition.report_filed": "Report for {year} filed",
    "coalition.extension_requested": "Extension for the {year} report requested until {until}",
    "coalition.extension_granted": "Extension for the {year} report granted",
    "coalition.extension_denied": "Extension for the {year} report denied: {reason}",
    "coalition.meeting_recorded": "Meeting: {title}",
    "coalition.output_recorded": "Output ({kind}): {title}",
    "coalition.retracted": "Retraction of event {target_id}: {reason}",
    "dccg.attended": "Attended the DCCG meeting, represented by {name}",
}


MEMBERSHIP_WORDS = {"full": "a full member", "observer": "an observer"}


def describe(event: Event, name: Namer, target: int | None = None) -> str:
    """One sentence for an event; unknown types fall back to their name, so an event
    type added later still appears in the history. `target`: the id of the event a
    retraction retracts (one retracted within its import names only its version)."""
    data = event["data"]
    handle = data.get("handle") or data.get("by") or event.get("person")
    template = SENTENCES.get(event["type"])
    if template is None:
        return event["type"].split(".", 1)[-1].replace("_", " ").capitalize()
    fields = {k: v for k, v in data.items() if isinstance(v, str | int)}
    fields["target_id"] = data.get("target_id") or target or "?"
    fields["name"] = name(handle)
    membership = fields.get("membership")
    fields["membership"] = MEMBERSHIP_WORDS.get(str(membership), membership)
    if fields["name"] == OBSERVER and event["type"] == "coalition.member_joined":
        template = "{name} joined ({group})"  # not "an observer joined as an observer"
    try:
        sentence = template.format(**fields)
        return sentence[:1].upper() + sentence[1:]  # "an observer joined" starts one
    except (KeyError, IndexError):
        return event["type"].split(".", 1)[-1].replace("_", " ").capitalize()


def history_rows(events: list[Event], name: Namer) -> list[dict[str, Any]]:
    """A coalition's events in log order; retracted ones stay, marked with what retracted
    them (a mistaken event is part of the record, it just no longer counts)."""
    ids = {e["id"] for e in events}
    targets = {e["retracted_by"]: e["id"] for e in events if e["retracted_by"]}
    return [
        {
            "id": e["id"],
            "on": e["effective_date"],
            "text": describe(e, name, targets.get(e["id"])),
            "actor": name(e["actor"]),
            "evidence": e["evidence"],
            "retracted_by": e["retracted_by"],
            "retraction_here": e["retracted_by"] in ids,
            "retraction": e["type"].endswith(".retracted"),
        }
        for e in events
    ]
