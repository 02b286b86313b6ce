"""Calendars (iCalendar, made with `icalendar`) and Atom feeds of recorded events.

Both are deterministic: DTSTAMP is the as-of date at midnight UTC rather than the build
time, UIDs are derived from what the entry is about, and Atom's `updated` comes from the
ledger's recorded times."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time
from typing import Any

from icalendar import Calendar, Event

from dcledger.ledger import rules
from dcledger.ledger.state import CoalitionState
from dcledger.projections.site.history import describe
from dcledger.projections.site.snapshot import Snapshot

ATOM = "http://www.w3.org/2005/Atom"
ATOM_ENTRIES = 50  # a feed tells what is new; the history page and events.jsonl hold all
Entry = tuple[str, date, str, str]  # (uid, day, summary, page path)


def coalition_entries(state: CoalitionState, as_of: date) -> list[Entry]:
    """The deadline of every report owed through the running year, and of each granted
    extension (`rules.deadline` moves past the original only when one is granted)."""
    page = f"coalitions/{state.slug}.html"
    entries: list[Entry] = []
    for year in rules.reports_owed(state, as_of.year):
        original = rules.original_deadline(year)
        entries.append(
            (f"report-{state.slug}-{year}", original, f"{state.name}: {year} report due", page)
        )
        due = rules.deadline(year, state.reports.get(year))
        if due != original:
            text = f"{state.name}: extended deadline for the {year} report"
            entries.append((f"extension-{state.slug}-{year}", due, text, page))
    return entries


def shared_entries(snapshot: Snapshot) -> list[Entry]:
    """DCCG meetings and vote closing dates: on every calendar."""
    entries: list[Entry] = [
        (f"dccg-{m.date}", m.date, "DCCG meeting", "index.html") for m in snapshot.registry.meetings
    ]
    for number, amendment in sorted(snapshot.registry.amendments.items()):
        if amendment.vote:
            day = amendment.vote.closes
            text = f"Vote on charter amendment {number} closes"
            entries.append((f"vote-{number}", day, text, f"charter/amendments/{number}.html"))
    return entries


def calendar_bytes(title: str, entries: list[Entry], snapshot: Snapshot) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//dcledger//publish//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    stamp = datetime.combine(snapshot.as_of, time(0), tzinfo=UTC)
    for uid, day, summary, page in sorted(entries, key=lambda e: (e[1], e[0])):
        event = Event()
        event.add("uid", f"{uid}.dcledger")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("summary", summary)
        if snapshot.base_url:
            event.add("url", f"{snapshot.base_url}/{page}")
        cal.add_component(event)
    return cal.to_ical()


def calendars(snapshot: Snapshot) -> dict[str, bytes]:
    shared = shared_entries(snapshot)
    files, everything = {}, list(shared)
    for slug, state in sorted(snapshot.coalitions.items()):
        own = coalition_entries(state, snapshot.as_of)
        everything += own
        files[f"feeds/{slug}.ics"] = calendar_bytes(state.name, own + shared, snapshot)
    files["feeds/all.ics"] = calendar_bytes("IGF Dynamic Coalitions", everything, snapshot)
    return files


def atom_bytes(title: str, key: str, events: list[dict[str, Any]], snapshot: Snapshot) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    latest = events[-ATOM_ENTRIES:][::-1]
    _text(feed, "title", title)
    _text(feed, "id", iri(snapshot, f"feeds/{key}.atom"))
    updated = max((e["recorded_at"] for e in events), default=f"{snapshot.as_of}T00:00:00")
    _text(feed, "updated", _rfc3339(updated))
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", "IGF Secretariat (dcledger)")
    targets = {e["retracted_by"]: e["id"] for e in events if e["retracted_by"]}
    for event in latest:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        text = describe(event, snapshot.name, targets.get(event["id"]))
        if event["retracted_by"]:
            text += f" (retracted by event {event['retracted_by']})"
        _text(entry, "title", f"{event['effective_date']}: {text}")
        _text(entry, "id", iri(snapshot, f"events/{event['id']}"))
        _text(entry, "updated", _rfc3339(event["recorded_at"]))
        link = ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate")
        link.set("href", f"{snapshot.base_url or '..'}/{event_page(event)}")
        _text(entry, "summary", f"Event {event['id']} ({event['type']}), {text}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def event_page(event: dict[str, Any]) -> str:
    """The page where an event shows: its coalition's history, else the charter or index."""
    if event["kind"] == "coalition":
        return f"coalitions/{event['subject']}.html#event-{event['id']}"
    if event["kind"] == "dccg" and event["data"].get("slug"):  # attendance: the coalition's
        return f"coalitions/{event['data']['slug']}.html#event-{event['id']}"
    if event["kind"] in ("charter", "amendment"):
        return "charter/index.html"
    return "index.html"


def iri(snapshot: Snapshot, path: str) -> str:
    """A stable Atom id: under the base URL when there is one, else a URN."""
    if snapshot.base_url:
        return f"{snapshot.base_url}/{path}"
    return "urn:dcledger:" + path.replace("/", ":")


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _rfc3339(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feeds(snapshot: Snapshot) -> dict[str, bytes]:
    files = {
        f"feeds/{slug}.atom": atom_bytes(state.name, slug, snapshot.events_of(slug), snapshot)
        for slug, state in sorted(snapshot.coalitions.items())
    }
    files["feeds/all.atom"] = atom_bytes(
        "IGF Dynamic Coalitions: recorded events", "all", snapshot.events, snapshot
    )
    return files
