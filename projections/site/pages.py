"""HTML pages rendered with Jinja2 from the snapshot: one function per kind of page, each
returning (path, template, context). Links are relative, so the site works from a file
system, from any web server and under any path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dcledger.ledger import rules
from dcledger.projections.site.charter_pages import amendments, diffs, versions
from dcledger.projections.site.coalition import coalition_context, last_report
from dcledger.projections.site.reviews import review_context, review_years
from dcledger.projections.site.snapshot import Snapshot
from dcledger.projections.site.tables import TABLES
from dcledger.projections.site.timeline import registry_chart, status_counts

Page = tuple[str, str, dict[str, Any]]


def index_page(snapshot: Snapshot) -> Page:
    rows = []
    for slug, c in sorted(snapshot.coalitions.items()):
        eligibility = rules.session_eligibility(c, snapshot.as_of)
        rows.append(
            {
                "slug": slug,
                "name": c.name,
                "status": rules.standing(c, snapshot.as_of).status,
                "eligible": eligibility.eligible,
                "eligibility_reason": eligibility.reason,
                "last_report": last_report(c, snapshot.as_of),
            }
        )
    counts = status_counts(
        list(snapshot.registry.coalitions.values()), snapshot.as_of, snapshot.statuses
    )
    statuses = ["active", "inactive", "proposed", "dissolved", "declined"]
    context = {
        "coalitions": rows,
        "chart": registry_chart(counts),
        "counts": [{"year": y, **{s: c.get(s, 0) for s in statuses}} for y, c in counts.items()],
        "statuses": statuses,
        "session_year": snapshot.as_of.year,
    }
    return "index.html", "index.html", context


def coalition_pages(snapshot: Snapshot) -> Iterator[Page]:
    for slug, state in sorted(snapshot.coalitions.items()):
        yield f"coalitions/{slug}.html", "coalition.html", coalition_context(snapshot, state)


def charter_pages(snapshot: Snapshot) -> Iterator[Page]:
    all_versions, all_diffs, all_amendments = (
        versions(snapshot),
        diffs(snapshot),
        amendments(snapshot),
    )
    yield (
        "charter/index.html",
        "charter.html",
        {"versions": all_versions, "diffs": all_diffs, "amendments": all_amendments},
    )
    for version in all_versions:
        yield f"charter/v{version['version']}.html", "charter_version.html", {"version": version}
    for diff in all_diffs:
        yield f"charter/diff-{diff['old']}-{diff['new']}.html", "charter_diff.html", {"diff": diff}
    for amendment in all_amendments:
        path = f"charter/amendments/{amendment['number']}.html"
        yield path, "amendment.html", {"a": amendment}


def review_pages(snapshot: Snapshot) -> Iterator[Page]:
    years = review_years(snapshot)
    yield "reviews/index.html", "reviews.html", {"years": years}
    for year in years:
        yield f"reviews/{year}.html", "review.html", {"review": review_context(snapshot, year)}


def data_page(snapshot: Snapshot) -> Page:
    feeds = [(slug, c.name) for slug, c in sorted(snapshot.coalitions.items())]
    return "data.html", "data.html", {"tables": TABLES, "feeds": feeds}


def all_pages(snapshot: Snapshot) -> Iterator[Page]:
    yield index_page(snapshot)
    yield from coalition_pages(snapshot)
    yield from charter_pages(snapshot)
    yield from review_pages(snapshot)
    yield data_page(snapshot)
