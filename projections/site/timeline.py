"""Pictures without JavaScript: a coalition's timeline and the registry over the years.

SVG text is built here with every value escaped; each picture has a <title> and <desc>
so that a screen reader gets the same facts (the pages also show them as tables).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from html import escape

from dcledger.ledger import rules
from dcledger.ledger.state import CoalitionState
from dcledger.projections.site.periods import StatusesOn, periods

WIDTH, LEFT, RIGHT = 760, 90, 16
COLOURS = {
    "active": "#1b7a3a",
    "inactive": "#b3261e",
    "proposed": "#8a6d00",
    "dissolved": "#555555",
    "declined": "#555555",
    "on-time": "#1b7a3a",
    "late": "#b05a00",
    "missed": "#b3261e",
    "pending": "#8a6d00",
    "meeting": "#1d4f91",
    "output": "#6a2c91",
}


class Axis:
    """Maps dates to x positions between two years (inclusive)."""

    def __init__(self, first: int, last: int):
        self.first, self.last = first, max(last, first)
        self.span = (date(self.last + 1, 1, 1) - date(self.first, 1, 1)).days

    def x(self, day: date) -> float:
        offset = (day - date(self.first, 1, 1)).days
        return round(LEFT + (WIDTH - LEFT - RIGHT) * offset / self.span, 1)

    def ticks(self, top: int, bottom: int) -> list[str]:
        parts = []
        for year in range(self.first, self.last + 1):
            x = self.x(date(year, 1, 1))
            parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>')
            parts.append(f'<text x="{x + 2}" y="{bottom + 14}" class="year">{year}</text>')
        return parts


def _svg(height: int, title: str, desc: str, body: list[str], key: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{key}-t {key}-d">'
        f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>'
        "<style>.grid{stroke:#ccc}.year,.label{font:12px sans-serif;fill:#222}</style>"
        + "".join(body)
        + "</svg>\n"
    )


def _label(y: int, text: str) -> str:
    return f'<text x="4" y="{y + 11}" class="label">{escape(text)}</text>'


def shown_report_years(state: CoalitionState, as_of: date) -> list[int]:
    """The years a coalition's page lists: those owed, and any whose report was filed by
    `as_of` (a report for the running year may be filed early)."""
    filed = {y for y, r in state.reports.items() if r.filed_on and r.filed_on <= as_of}
    return sorted(set(rules.reports_owed(state, as_of.year - 1)) | filed)


def coalition_timeline(
    state: CoalitionState, as_of: date, statuses_on: StatusesOn, fact_days: Iterable[date] = ()
) -> str:
    """Status periods, reports by outcome at their deadlines, meetings and outputs;
    `statuses_on` judges each day from the coalition as of that day."""
    found = periods(state, as_of, statuses_on, fact_days)
    axis = Axis(found[0][0].year if found else state.proposed_on.year, as_of.year)
    body = axis.ticks(4, 112)
    body.append(_label(10, "Status"))
    for start, end, status in found:
        x1, x2 = axis.x(start), axis.x(end)
        body.append(
            f'<rect x="{x1}" y="10" width="{max(x2 - x1, 1)}" height="14" '
            f'fill="{COLOURS.get(status, "#555")}"><title>{escape(status)} from {start} '
            f"to {end}</title></rect>"
        )
    body.append(_label(38, "Reports"))
    for year in rules.reports_owed(state, as_of.year - 1):
        report = rules.report_standing(state, year, as_of)
        x = axis.x(min(report.due, as_of))
        colour = COLOURS[report.outcome]
        body.append(
            f'<circle cx="{x}" cy="45" r="6" fill="{colour}"><title>{year} report: '
            f"{report.outcome} (due {report.due})</title></circle>"
        )
    body.append(_label(66, "Meetings"))
    body.append(_label(88, "Outputs"))
    for activity in state.activities:
        x = axis.x(activity.on)
        kind = "meeting" if activity.kind == "meeting" else "output"
        y = 66 if kind == "meeting" else 88
        body.append(
            f'<rect x="{x - 2}" y="{y}" width="4" height="14" fill="{COLOURS[kind]}">'
            f"<title>{activity.on}: {escape(activity.title)}</title></rect>"
        )
    periods_text = "; ".join(f"{s} from {a} to {b}" for a, b, s in found)
    return _svg(130, f"Timeline of {state.name}", periods_text, body, "timeline")


def status_counts(
    coalitions: list[CoalitionState],
    as_of: date,
    statuses_of: Callable[[str, list[date]], dict[date, str]],
) -> dict[int, Counter]:
    """Per year, how many coalitions had each status at the year's end (or on `as_of`),
    each judged from the coalition as of that day (`statuses_of(slug, days)`)."""
    if not coalitions:
        return {}
    first = min(c.proposed_on.year for c in coalitions)
    days = [min(date(year, 12, 31), as_of) for year in range(first, as_of.year + 1)]
    counts: dict[int, Counter] = {day.year: Counter() for day in days}
    for c in coalitions:
        for day, status in statuses_of(c.slug, days).items():
            counts[day.year][status] += 1
    for counter in counts.values():
        counter.pop("not proposed", None)
    return counts


def registry_chart(counts: dict[int, Counter]) -> str:
    """Stacked bars: coalitions by status at each year's end."""
    order = ["active", "inactive", "proposed", "dissolved", "declined"]
    top = max((sum(c.values()) for c in counts.values()), default=1) or 1
    bar, gap, height = 40, 14, 200
    width = LEFT + len(counts) * (bar + gap)
    body = []
    for i, (year, counter) in enumerate(sorted(counts.items())):
        x, y = LEFT + i * (bar + gap), height
        for status in order:
            n = counter.get(status, 0)
            if not n:
                continue
            h = round(160 * n / top, 1)
            y -= h
            body.append(
                f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{COLOURS[status]}">'
                f"<title>{year}: {n} {status}</title></rect>"
            )
        body.append(f'<text x="{x + 4}" y="{height + 16}" class="year">{year}</text>')
    for j, status in enumerate(order):
        body.append(
            f'<rect x="4" y="{20 + j * 20}" width="12" height="12" fill="{COLOURS[status]}"/>'
        )
        body.append(_label(20 + j * 20, f"    {status}"))
    desc = "; ".join(
        f"{year}: " + ", ".join(f"{n} {s}" for s, n in sorted(c.items()))
        for year, c in sorted(counts.items())
    )
    svg = _svg(height + 24, "Coalitions by status at the end of each year", desc, body, "chart")
    return svg.replace(f'viewBox="0 0 {WIDTH} ', f'viewBox="0 0 {max(width, WIDTH)} ', 1)
