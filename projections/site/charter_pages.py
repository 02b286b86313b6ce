"""The charter's pages: the current text, every version, diffs, and each amendment's path."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from dcledger.ledger import tally
from dcledger.projections import charter
from dcledger.projections.masking import scrub
from dcledger.projections.site.snapshot import Snapshot


def versions(snapshot: Snapshot) -> list[dict[str, Any]]:
    if snapshot.registry.charter is None:
        return []
    return [
        charter.charter_show(snapshot.registry, v["version"])
        | {"incorporated_by": snapshot.name(v["incorporated_by"])}
        for v in charter.charter_history(snapshot.registry)
    ]


def diffs(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Per-section diffs between each version and the one before it."""
    found = []
    numbers = [v["version"] for v in versions(snapshot)]
    for old, new in pairwise(numbers):
        sections = charter.charter_diff(snapshot.registry, old, new)
        found.append({"old": old, "new": new, "sections": [diff_lines(s) for s in sections]})
    return found


def diff_lines(section: dict[str, Any]) -> dict[str, Any]:
    """A unified diff as lines tagged added/removed/context, for colour and for <ins>/<del>."""
    lines = []
    for line in section["diff"].splitlines():
        if line.startswith(("+++", "---")):
            continue
        kind = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "context")
        lines.append({"kind": kind, "text": line})
    return {"section": section["section"], "lines": lines}


def amendment_context(snapshot: Snapshot, number: int) -> dict[str, Any]:
    story = scrub(charter.amendment_show(snapshot.registry, number))
    story["proposer_name"] = snapshot.name(story["proposer"])
    story["consensus_by_name"] = snapshot.name(story.get("consensus_by"))
    story["discussion"] = [
        d | {"by_name": snapshot.name(d.get("by"))} for d in story.get("discussion", [])
    ]
    if story["vote"]:
        story["vote"]["has_quorum"] = tally.has_quorum(story["vote"]["quorum"])
    story["earlier"] = charter.earlier_votes(snapshot.registry, number)
    return story


def amendments(snapshot: Snapshot) -> list[dict[str, Any]]:
    return [amendment_context(snapshot, n) for n in sorted(snapshot.registry.amendments)]
