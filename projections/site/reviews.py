"""The secretariat's yearly reviews, one page per ended year."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from dcledger.ledger import rules
from dcledger.projections.review import year_end_view, yearly_review
from dcledger.projections.site import naming
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
        name = functools.partial(snapshot.public_name, row["slug"])
        for key in ("stale_contacts", "unsubscribed"):
            row[key] = [name(h) for h in row[key]]
        row["flags"] = [public_flag(f, name) for f in row["flags"]]
    return review


def public_flag(flag: str, name: Callable[[str], str]) -> str:
    """A flag that lists members, with names for handles and observers counted."""
    for words in rules.MEMBER_LISTINGS:
        if flag.startswith(words):
            shown = [name(h) for h in flag.removeprefix(words).split(", ")]
            named = [s for s in shown if s != naming.OBSERVER]
            hidden = len(shown) - len(named)
            counted = [f"{hidden} observer{'s' if hidden > 1 else ''}"] if hidden else []
            return words + ", ".join(named + counted)
    return flag
