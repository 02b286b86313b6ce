"""Everything one build reads, taken once: the registry on the as-of date, the event log
(without addresses), and the log position reached. Pages are pure functions of this."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dcledger.ledger.facts import Fact, live_facts
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import apply_fact
from dcledger.projections.engine import Views
from dcledger.projections.masking import scrub
from dcledger.projections.site import naming
from dcledger.projections.site.periods import status_on
from dcledger.projections.site.timeline import coalition_timeline

EVENT_COLUMNS = (
    "id, aggregate_id, version, type, kind, subject, actor, role, person, evidence,"
    " effective_date, recorded_at, data, retracted_by"
)
# Facts whose effective day may change a coalition's status (see periods.change_days).
STATUS_FACTS = {
    f"coalition.{t}"
    for t in [
        "proposed",
        "reproposed",
        "recognized",
        "declined",
        "dissolved",
        "reactivated",
        "report_filed",
        "extension_granted",
        "extension_denied",
    ]
}
# The year-end view of a review reads only coalitions and DCCG meetings.
YEAR_END_KINDS = ("coalition", "dccg")


@dataclass
class Snapshot:
    registry: Registry
    as_of: date
    position: int
    events: list[dict[str, Any]]  # in log order, effective on or before `as_of`
    registry_at: Callable[[str], Registry]  # the registry on another effective date
    base_url: str = ""
    checkpoint: dict[str, str] | None = None
    # Each coalition's facts (retractions whatever their date), to fold it as of a day.
    coalition_facts: dict[str, list[Fact]] = field(default_factory=dict, repr=False)
    _by_subject: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    _live: dict[str, list[Fact]] = field(default_factory=dict, repr=False)
    _timelines: dict[str, str] = field(default_factory=dict, repr=False)
    coalitions: dict[str, Any] = field(init=False, repr=False)  # the published ones
    # Per coalition, who took part only as an observer: not named in public (naming.py).
    observers_only: dict[str, set[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A coalition's statement is published when it is recognized: before that (or if
        # it never is) the public sees neither its page nor its events.
        unpublished = {s for s, c in self.registry.coalitions.items() if c.recognized_on is None}
        self.coalitions = {
            s: c for s, c in self.registry.coalitions.items() if s not in unpublished
        }
        self.events = [
            e for e in self.events if not (e["kind"] == "coalition" and e["subject"] in unpublished)
        ]
        self._withhold_observers()
        for event in self.events:
            subject = event["data"].get("slug") if event["kind"] == "dccg" else None
            key = subject or event["subject"]
            if event["kind"] in ("coalition", "dccg") and key:
                self._by_subject.setdefault(key, []).append(event)

    def name(self, handle: str | None) -> str:
        """A person's published name (never their address); the handle if unknown."""
        if handle is None:
            return ""
        person = self.registry.persons.get(handle)
        return person.name if person else handle

    def _withhold_observers(self) -> None:
        """Observers are not named in public (naming.py): their handles in coalition
        events become "an observer", and the person events of anyone never named
        anywhere leave the public log."""
        offices = {h for h, p in self.registry.persons.items() if p.offices}
        found = naming.participation(self.events)
        self.observers_only = found.observers_only(offices)
        never_named = found.never_named(offices)
        self.events = [
            naming.without_observers(e, self.observers_only.get(e["subject"], set()))
            if e["kind"] == "coalition"
            else e
            for e in self.events
            if not (e["kind"] == "person" and e["subject"] in never_named)
        ]

    def public_name(self, slug: str, handle: str | None) -> str:
        """A person's name on coalition `slug`'s public record (see naming.py)."""
        if handle in self.observers_only.get(slug, set()):
            return naming.OBSERVER
        return self.name(handle)

    def statuses(self, slug: str, days: list[date]) -> dict[date, str]:
        """The coalition's status on each day, as `status --as-of DAY` says it. The state
        as of a day is the fold of its live facts up to that day (retractions count
        whatever their date), so one fold in effective-date order, judged as each day
        passes, answers them all."""
        live = self._live.get(slug)
        if live is None:
            live = self._live[slug] = live_facts(self.coalition_facts.get(slug, []))
        found: dict[date, str] = {}
        state, folded = None, 0
        for day in sorted(set(days)):
            on = day.isoformat()
            while folded < len(live) and live[folded].effective_date <= on:
                state = apply_fact(state, live[folded])
                folded += 1
            found[day] = status_on(state, day)
        return found

    def status_days(self, slug: str) -> list[date]:
        """The days the coalition's facts that bear on its status took effect."""
        return sorted(
            {
                date.fromisoformat(f.effective_date)
                for f in self.coalition_facts.get(slug, [])
                if f.type in STATUS_FACTS
            }
        )

    def timeline(self, slug: str) -> str:
        """The coalition's SVG timeline, drawn once: its page shows it, a file holds it."""
        if slug not in self._timelines:
            self._timelines[slug] = coalition_timeline(
                self.coalitions[slug],
                self.as_of,
                lambda days: self.statuses(slug, days),
                self.status_days(slug),
            )
        return self._timelines[slug]

    def events_of(self, slug: str) -> list[dict[str, Any]]:
        """The coalition's own events and the DCCG attendance recorded for it."""
        return self._by_subject.get(slug, [])

    @property
    def stamp(self) -> str:
        return f"as of {self.as_of.isoformat()}, log position {self.position}"


class SiteSource(Protocol):
    """What the site is built from: read models caught up to the log (the composition
    root's service provides it; a checkpoint is optional)."""

    views: Views

    def catch_up(self) -> int: ...

    def registry(self, as_of: str | None = None, known_at: str | None = None) -> Registry: ...


def take_snapshot(service: SiteSource, as_of: date, base_url: str = "") -> Snapshot:
    service.catch_up()
    registry = service.registry(as_of.isoformat())
    position = service.views.position()
    rows = service.views.conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE id <= ? "
        "AND (effective_date <= ? OR type LIKE '%.retracted') ORDER BY id",
        [position, as_of.isoformat()],
    )
    names = [d[0] for d in rows.description]
    events, facts = [], []
    for values in rows.fetchall():
        event = dict(zip(names, values, strict=True))
        event["data"] = json.loads(event["data"])
        if event["kind"] in YEAR_END_KINDS:
            facts.append(fact_of(event))
        events.append(scrub(event))
    # A retraction counts whatever its date, so the state needs later ones; the events
    # published are those of the site's date, with the retractions of those events.
    retracting = {e["retracted_by"] for e in events if e["retracted_by"]}
    events = [e for e in events if not e["type"].endswith(".retracted") or e["id"] in retracting]
    return Snapshot(
        registry=registry,
        as_of=as_of,
        position=position,
        events=events,
        registry_at=lambda day: year_end_registry(facts, day),
        base_url=base_url.rstrip("/"),
        checkpoint=checkpoint_note(service, position),
        coalition_facts=facts_by_coalition(facts),
    )


def facts_by_coalition(facts: list[Fact]) -> dict[str, list[Fact]]:
    """Each coalition's facts, under the slug its proposal gave it."""
    by_aggregate: dict[Any, list[Fact]] = {}
    slugs: dict[Any, str] = {}
    for f in facts:
        if f.type.startswith("coalition."):
            by_aggregate.setdefault(f.aggregate_id, []).append(f)
            if f.type == "coalition.proposed":
                slugs[f.aggregate_id] = f.data["slug"]
    return {slugs[a]: found for a, found in by_aggregate.items() if a in slugs}


def fact_of(event: dict[str, Any]) -> Fact:
    fields = ("aggregate_id", "version", "type", "effective_date", "recorded_at", "actor", "role")
    return Fact(
        **{k: event[k] for k in fields},
        data=event["data"],
        evidence=event["evidence"],
        person=event["person"],
        id=event["id"],
        seq=event["id"],
    )


def year_end_registry(facts: list[Fact], day: str) -> Registry:
    """Coalitions and DCCG meetings in effect on `day`, folded from facts already read
    (the same rule as `--as-of`: retractions count whatever date they name). Asking the
    service instead would read and fold the whole log once per reviewed year."""
    return Registry.from_facts(
        f for f in facts if f.effective_date <= day or f.type.endswith(".retracted")
    )


def checkpoint_note(service: SiteSource, position: int) -> dict[str, str] | None:
    """Where a signed checkpoint is rendered on every page, once the ledger offers one.

    A `checkpoint()` method of the source is looked up rather than called directly so
    that the site builds on ledgers that cannot produce checkpoints yet. Its result is
    shown as text (a dict's `text`/`verify` keys, or the value itself as text).
    """
    make = getattr(service, "checkpoint", None)
    if not callable(make):
        return None
    checkpoint = make()
    if checkpoint is None:
        return None
    if isinstance(checkpoint, dict):
        text = str(checkpoint.get("text") or json.dumps(checkpoint, sort_keys=True))
        verify = str(checkpoint.get("verify") or "")
    else:
        text, verify = str(checkpoint), ""
    verify = verify or "Check it against your own copy of the ledger with dcledger."
    return scrub({"text": text, "verify": verify, "position": str(position)})
