"""The `coalition_years` view counts in SQL what the rule layer answers: for every
coalition and every year of the sample history and of a generated one, each column of
the view equals the rules' answer from the coalition folded from the log."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.bootstrap import LedgerService
from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.ledger.facts import Fact
from dcledger.ledger.importer import parse_lines
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import CoalitionState, DccgMeetingState
from tests.site_helpers import sample_copy

Rows = dict[tuple[str, int], dict[str, Any]]


def view_rows(service: LedgerService) -> Rows:
    service.catch_up()
    with contextlib.closing(sqlite3.connect(service.views_path)) as conn:
        conn.row_factory = sqlite3.Row
        found = conn.execute("SELECT * FROM coalition_years").fetchall()
    return {(r["slug"], r["year"]): dict(r) for r in found}


def registry_on(facts: list[Fact], day: str) -> Registry:
    """The registry as `review --as-of DAY` folds it: a retraction counts whatever its date."""
    return Registry.from_facts(
        f for f in facts if f.effective_date <= day or f.type.endswith(".retracted")
    )


def rule_row(c: CoalitionState, year: int, meetings: list[DccgMeetingState]) -> dict[str, Any]:
    report = c.reports.get(year)
    on_time = rules.filed_on_time(year, report)
    activities = [a for a in c.activities if a.on.year == year]
    outputs = [a for a in activities if a.kind != "meeting"]
    held, attended = rules.dccg_attendance(c, meetings, year)
    # The view splits the activity requirement's count into meetings and outputs.
    assert len(activities) == rules.activity_years(c).get(year, 0)
    return {
        "slug": c.slug,
        "year": year,
        "report_due": rules.deadline(year, report).isoformat()
        if rules.owes_report(c, year)
        else None,
        "extension_status": report.extension_status if report else None,
        "extension_until": iso(report.extension_until) if report else None,
        "report_filed_on": iso(report.filed_on) if report else None,
        "report_on_time": None if on_time is None else int(on_time),
        "meetings": len(activities) - len(outputs),
        "outputs": len(outputs),
        "outputs_with_dissent": sum(1 for a in outputs if a.dissent),
        "dccg_meetings_held": held,
        "dccg_meetings_attended": attended,
    }


def rule_rows(facts: list[Fact]) -> Rows:
    """A row for each year from the first recognition to the log's latest effective year
    in which a yearly review covers the coalition (`rules.reviewed_in`)."""
    now = Registry.from_facts(facts)
    recognized = [c.recognized_on.year for c in now.coalitions.values() if c.recognized_on]
    last = max(int(f.effective_date[:4]) for f in facts)
    rows: Rows = {}
    for year in range(min(recognized), last + 1):
        at_year_end = registry_on(facts, f"{year}-12-31").coalitions
        for slug, c in now.coalitions.items():
            if rules.reviewed_in(year, at_year_end.get(slug), c):
                rows[(slug, year)] = rule_row(c, year, now.meetings)
    return rows


def assert_view_equals_rules(service: LedgerService) -> Rows:
    view, expected = view_rows(service), rule_rows(service.log_facts())
    assert sorted(view) == sorted(expected)
    for key, row in expected.items():
        assert view[key] == row, key
    return expected


def test_the_view_answers_as_the_rules_for_the_sample_history(tmp_path_factory):
    folder = sample_copy(tmp_path_factory, "imported", "years")
    views = folder / "dcledger.views.db"
    with LedgerService(str(folder / "dcledger.db"), views_path=views) as service:
        rows = assert_view_equals_rules(service)
    # The sample reaches every column: none is compared only on its empty value.
    for column in rows[("dc-child-online-safety", 2022)]:
        assert any(r[column] not in (None, 0) for r in rows.values()), column
    unfiled = rows[("dc-core-internet-values", 2021)]  # never filed, the deadline stands
    assert (unfiled["report_filed_on"], unfiled["report_due"]) == (None, "2022-03-31")


@pytest.mark.parametrize("events", [3000])
def test_the_view_answers_as_the_rules_for_a_generated_history(tmp_path: Path, events: int):
    write_jsonl(tmp_path / "history.jsonl", history(events))
    with signed_service(tmp_path / "ledger.db", tmp_path / "views.db") as service:
        service.record(parse_lines(tmp_path / "history.jsonl"))
        rows = assert_view_equals_rules(service)
    assert len({slug for slug, _ in rows}) == 13


def test_the_view_answers_as_the_rules_on_their_edges(sqlite_ledger):
    """DCCG meetings on the days of a recognition and a dissolution, one before it, a
    report filed for the year of the dissolution, an extension that runs past it, a
    dissolution on a deadline day."""
    ledger = sqlite_ledger
    slug = ledger.coalition("dc-edge", recognized="2020-03-10")
    ledger.coalition("dc-late", recognized="2021-12-01", name="Dynamic Coalition Late")
    for on in ("2020-02-01", "2020-03-10", "2021-11-15", "2024-06-30"):
        ledger.run("dccg meeting", "dee", on=on)
    for on in ("2020-03-10", "2024-06-30"):
        ledger.run("dccg attend", "dee", slug=slug, by="ana", on=on)
    ledger.run("report file", "ana", slug=slug, year=2020, on="2021-02-01")
    ledger.run("meeting record", "ana", slug=slug, title="call", on="2021-05-01")
    ledger.run(
        "output record",
        "ana",
        slug=slug,
        kind="document",
        title="paper",
        agreement="rough consensus",
        dissent=["a minority view"],
        on="2021-06-01",
    )
    for year, asked, until in (
        (2021, "2022-03-01", "2022-06-30"),
        (2023, "2024-03-01", "2024-09-30"),
    ):
        ledger.run(
            "report request-extension",
            "ana",
            slug=slug,
            year=year,
            until=until,
            reason="r",
            on=asked,
        )
        ledger.run("report grant-extension", "sec", slug=slug, year=year, on=asked)
    ledger.run("report file", "ana", slug=slug, year=2021, on="2022-06-15")
    ledger.run("report file", "ana", slug=slug, year=2024, on="2024-06-01")
    ledger.run("coalition dissolve", "sec", slug=slug, reason="merged", on="2024-06-30")
    ledger.run("coalition dissolve", "sec", slug="dc-late", reason="done", on="2023-03-31")
    rows = assert_view_equals_rules(ledger.service)
    assert [rows[(slug, y)]["report_due"] for y in range(2020, 2025)] == [
        "2021-03-31",
        "2022-06-30",  # extended
        "2023-03-31",  # never filed
        None,  # extended past the dissolution: not owed
        "2025-03-31",  # the year of the dissolution, filed all the same
    ]
    assert [rows[(slug, y)]["dccg_meetings_held"] for y in (2020, 2024)] == [1, 1]
    assert rows[("dc-late", 2021)]["dccg_meetings_held"] == 0
    # Dissolved on the day the 2022 report was due: that report is no longer owed.
    assert [rows[("dc-late", y)]["report_due"] for y in (2021, 2022, 2023)] == [
        "2022-03-31",
        None,
        None,
    ]
