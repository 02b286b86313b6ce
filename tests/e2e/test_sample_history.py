"""The shipped sample history, imported by the installed `dcledger` script as a user runs
it (tests/site_helpers.py, once per run) and read through `python -m cli` and, in-process,
through the same click application."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site_helpers import dcledger_in_process, sample_copy

DATA = Path(__file__).resolve().parents[2] / "data"


def run(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    # Signing keys stay in the test folder.
    return dcledger_in_process(folder, *args, check=check, config=folder / "config")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the run's shared import of the sample, made by this script (its output is
    checked in tests/site_helpers.py, import_sample), keys in folder/config."""
    return sample_copy(tmp_path_factory, "imported", "sample")


def status(folder: Path, as_of: str) -> dict[str, dict]:
    rows = json.loads(run(folder, "status", "--as-of", as_of, "--json").stdout)
    return {row["slug"]: row for row in rows}


def test_python_dash_m_cli_is_the_same_program(sample):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "--ledger",
            str(sample / "dcledger.db"),
            "status",
            "dc-irpc",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(result.stdout)["slug"] == "dc-irpc"


def test_every_lifecycle_rule_fires_in_the_sample(sample):
    mid_2023 = status(sample, "2023-06-01")
    assert mid_2023["dc-core-internet-values"]["status"] == "inactive"
    assert mid_2023["dc-core-internet-values"]["reasons"] == [
        "no report filed by the deadline for 2021 and 2022"
    ]
    late_2023 = status(sample, "2023-10-01")
    assert late_2023["dc-core-internet-values"]["status"] == "active"  # reactivated 2023-09-01
    mid_2025 = status(sample, "2025-06-01")
    assert mid_2025["dc-community-connectivity"]["status"] == "inactive"
    assert mid_2025["dc-community-connectivity"]["missed_report_years"] == [2023, 2024]
    assert mid_2025["dc-platform-responsibility"]["status"] == "dissolved"
    assert mid_2025["dc-accessibility"]["missed_report_years"] == [2021]
    assert status(sample, "2019-06-01")["dc-network-neutrality"]["status"] == "declined"
    assert status(sample, "2019-12-01")["dc-network-neutrality"]["status"] == "active"
    assert status(sample, "2023-06-01")["dc-child-online-safety"]["eligibility_reason"] == (
        "2022 report not filed yet (due 2023-06-30)"
    )
    assert status(sample, "2023-07-01")["dc-child-online-safety"]["eligibility_reason"] == (
        "2022 report filed on time within the granted extension (2023-06-15)"
    )
    assert "no meeting or output in 2022" in mid_2025["dc-iot"]["flags"]


def test_the_yearly_review_in_every_format(sample):
    review = json.loads(run(sample, "review", "2022", "--format", "json").stdout)
    by_slug = {r["slug"]: r for r in review["coalitions"]}
    assert by_slug["dc-core-internet-values"]["report"]["outcome"] == "missed"
    assert by_slug["dc-child-online-safety"]["report"]["extension"] == "granted"
    assert by_slug["dc-iot"]["activity_met"] is False
    assert by_slug["dc-schools-ig"]["report"]["outcome"] == "on-time"
    assert set(review["totals"]) >= {"coalitions", "reports_on_time", "reports_missing"}
    rows = list(
        csv.DictReader(io.StringIO(run(sample, "review", "2022", "--format", "csv").stdout))
    )
    assert len(rows) == len(review["coalitions"])
    assert {r["slug"] for r in rows} == set(by_slug)
    markdown = run(sample, "review", "2024", "--format", "markdown").stdout
    assert "- no charter review recorded for 2024" in markdown
    assert "Yearly review 2022" in run(sample, "review", "2022").stdout


def test_the_charter_story_and_its_audit(sample):
    history = json.loads(run(sample, "charter", "history", "--json").stdout)
    assert [(v["version"], v["amendment"]) for v in history] == [(1, None), (2, 1)]
    rejected = json.loads(run(sample, "vote", "show", "2", "--json").stdout)
    assert rejected["outcome"] == "rejected"
    assert set(rejected["dissent"]) == {
        "Observers did not agree to be named",
        "Privacy of observers first",
        "Observers join to listen, not to be listed",
    }
    assert json.loads(run(sample, "amendment", "show", "3", "--json").stdout)["status"] == (
        "withdrawn"
    )
    audit = run(sample, "charter", "audit")
    assert audit.stdout.splitlines()[-1] == "5 passed, 0 failed"
    shown = json.loads(run(sample, "charter", "show", "--json").stdout)
    assert shown["version"] == 2
    assert [s["id"] for s in shown["sections"]][:2] == ["history", "principles"]
    assert "-of the following year ends; the Secretariat may grant more time on request." in (
        run(sample, "charter", "diff", "1", "2").stdout
    )


def test_the_retraction_in_the_sample_is_honoured_and_visible(sample):
    log = json.loads(run(sample, "log", "--coalition", "dc-youth-ig", "--json").stdout)
    removal = next(e for e in log if e["type"] == "coalition.member_removed")
    retraction = next(e for e in log if e["type"] == "coalition.retracted")
    assert removal["retracted_by"] == retraction["id"]
    # Recorded in the same import as the removal, the retraction names it all the same.
    assert retraction["target_id"] == removal["id"]
    members = json.loads(run(sample, "members", "dc-youth-ig", "--json").stdout)
    assert removal["handle"] in {m["handle"] for m in members}


def test_the_sample_generator_reproduces_the_committed_history(tmp_path):
    """The generator is deterministic: regenerating gives the committed file byte for byte."""
    committed = (DATA / "history.jsonl").read_text()
    sys.path.insert(0, str(DATA))
    try:
        import build_sample

        lines = build_sample.build(tmp_path)  # the statements go to tmp_path, not the checkout
    finally:
        sys.path.remove(str(DATA))
    assert "".join(json.dumps(x) + "\n" for x in lines) == committed
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written and all(
        (tmp_path / name).read_text() == (DATA / "statements" / name).read_text()
        for name in written
    )


def test_a_coalition_dissolved_in_an_earlier_year_is_not_reviewed(sample):
    def slugs(year: int) -> set[str]:
        review = json.loads(run(sample, "review", str(year), "--format", "json").stdout)
        return {r["slug"] for r in review["coalitions"]}

    assert "dc-platform-responsibility" in slugs(2024)  # dissolved mid-2024
    assert "dc-platform-responsibility" not in slugs(2025)


def test_the_coalition_years_view_answers_per_coalition_and_year(sample):
    import sqlite3

    run(sample, "status")  # the views follow the log when a command reads them
    with sqlite3.connect(sample / "dcledger.views.db") as conn:
        conn.row_factory = sqlite3.Row
        rows = {
            (r["slug"], r["year"]): dict(r) for r in conn.execute("SELECT * FROM coalition_years")
        }
    safety = rows[("dc-child-online-safety", 2022)]
    assert (safety["extension_status"], safety["report_filed_on"], safety["report_on_time"]) == (
        "granted",
        "2023-06-15",
        1,
    )
    assert rows[("dc-iot", 2022)]["meetings"] + rows[("dc-iot", 2022)]["outputs"] == 0
    assert rows[("dc-irpc", 2023)]["dccg_meetings_held"] == 12
    # Only meetings held while recognized count, as in the review's rule.
    assert rows[("dc-schools-ig", 2021)]["dccg_meetings_held"] == 1  # recognized 20 Nov
    held = rows[("dc-platform-responsibility", 2024)]["dccg_meetings_held"]
    assert held == 6  # dissolved 30 Jun
    assert ("dc-platform-responsibility", 2025) not in rows
    assert ("dc-schools-ig", 2020) not in rows  # recognized in 2021
