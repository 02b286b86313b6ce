"""The secretariat's yearly reviews, one page per ended year."""

from __future__ import annotations

from typing import Any

from dcledger.projections.review import year_end_view, yearly_review
from dcledger.projections.site.snapshot import Snapshot


def review_years(snapshot: Snapshot) -> list[int]:
    """Ended years since the first recognition (the review is about a whole year)."""
    recognized = [c.recognized_on for c in snapshot.registry.coalitions.values() if c.recognized_on]
    if not recognized:
        return []
    return list(range(min(recognized).year, snapshot.as_of.year))


def review_context(snapshot: Snapshot, year: int) -> dict[str, Any]:
    """The review as `dcledger review YEAR` gives it, with handles turned into names."""
    end = snapshot.registry_at(year_end_view(year, snapshot.as_of).isoformat())
    review = yearly_review(year, end, snapshot.registry, snapshot.as_of)
    for row in review["coalitions"]:
        for key in ("stale_contacts", "unsubscribed"):
            row[key] = [snapshot.public_name(row["slug"], h) for h in row[key]]
    return review
