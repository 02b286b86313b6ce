"""`dcledger publish` on the shipped sample history, read as a reader would read the files.

The site is built by the installed script (tests/site_helpers.py, once per run), and the
help is read from it; the other commands run the same click application in-process."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.site_helpers import (
    AS_OF,
    EMAIL,
    REPO,
    STAMP,
    broken_links,
    dcledger,
    dcledger_in_process,
    files_of,
    parse,
    sample_copy,
)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The folder holding the sample ledger and the site published from it (a copy of the
    run's shared one: the tests here publish beside it)."""
    return sample_copy(tmp_path_factory, "published", "publish")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_built_and_says_as_of_what_it_was_built(sample: Path):
    site = sample / "site"
    names = {p.relative_to(site).as_posix() for p in pages(site)}
    assert len(names) == 29
    assert {"index.html", "data.html", "charter/index.html", "charter/diff-1-2.html"} <= names
    assert {f"coalitions/{p.stem}.html" for p in (REPO / "data/statements").iterdir()} - {
        "coalitions/dc-network-neutrality-first.html"
    } <= names
    assert {f"reviews/{y}.html" for y in range(2019, 2026)} <= names
    assert {f"charter/amendments/{n}.html" for n in (1, 2, 3)} <= names
    for page in pages(site):
        assert STAMP in page.read_text(), page


def test_publishing_again_changes_no_byte(sample: Path):
    site = sample / "site"
    before = files_of(site)
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    result = dcledger_in_process(sample, "publish", "site", "--as-of", AS_OF)
    assert "0 changed, 0 removed" in result.stdout
    assert files_of(site) == before
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == stamps


def test_no_email_address_anywhere_in_the_output(sample: Path):
    # The ledger holds many addresses (persons, contacts, mailing lists, Message-IDs).
    assert len(EMAIL.findall((REPO / "data/history.jsonl").read_bytes())) > 100
    found = {rel: EMAIL.findall(data) for rel, data in files_of(sample / "site").items()}
    assert {rel: hits for rel, hits in found.items() if hits} == {}
    assert b"dc-irpc at lists.example.org" in (sample / "site/coalitions/dc-irpc.html").read_bytes()


def test_every_internal_link_and_anchor_resolves(sample: Path):
    site = sample / "site"
    checked = 0
    for page in pages(site):
        links = parse(page).links
        checked += len(links)
        assert broken_links(site, page, links) == [], page
    assert checked > 400
    # The checker itself notices a missing page and a missing anchor.
    wrong = ["nowhere.html", "coalitions/dc-irpc.html#nope", "coalitions/dc-irpc.html#members"]
    assert broken_links(site, site / "index.html", wrong) == wrong[:2]


def test_datapackage_validates_and_matches_the_json_twins(sample: Path):
    from frictionless import Package, validate

    data = sample / "site/data"
    report = validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(data / "datapackage.json"))
    assert len(package.resources) == 8
    for resource in package.resources:
        rows = list(csv.DictReader(io.StringIO((data / resource.path).read_text())))
        assert len(rows) == len(json.loads((data / f"{resource.name}.json").read_text()))
    coalitions = json.loads((data / "coalitions.json").read_text())
    assert len(coalitions) == 12  # thirteen statements: one declined, then proposed again
    members = json.loads((data / "members.json").read_text())
    assert len(members) == sum(c["full_members"] for c in coalitions)
    events = (data / "events.jsonl").read_text().splitlines()
    # Every event but the registrations of the 56 people who were only ever observers
    # (projections/site/naming.py): the public names no observer.
    assert len(events) == 2126 - 56
    assert json.loads(events[-1])["id"] == 2126


def test_calendars_parse_with_a_second_library(sample: Path):
    from ics import Calendar

    feeds = sample / "site/feeds"
    assert len(list(feeds.glob("*.ics"))) == 13  # twelve coalitions and all
    # One code writes them all: the second library reads the calendar of everything and
    # one coalition's (it takes a third of a second per calendar); the others hold a
    # subset of the events of everything, each once.
    calendars = {name: Calendar((feeds / f"{name}.ics").read_text()) for name in ("all", "dc-irpc")}
    everything = {e.uid: e for e in calendars["all"].events}
    for path in feeds.glob("dc-*.ics"):
        uids = re.findall(r"^UID:(.*?)\r?$", path.read_text(), flags=re.M)
        assert uids and len(set(uids)) == len(uids) and set(uids) <= set(everything), path
    dccg = [e for e in everything.values() if e.name == "DCCG meeting"]
    assert len(dccg) == 60
    extension = everything["extension-dc-child-online-safety-2022.dcledger"]
    assert "extended deadline for the 2022 report" in extension.name
    assert everything["report-dc-irpc-2019.dcledger"].begin.date().isoformat() == "2020-03-31"
    assert "vote-1.dcledger" in everything
    own = {e.uid for e in calendars["dc-irpc"].events}
    assert "report-dc-irpc-2019.dcledger" in own
    assert not any(uid.startswith("report-dc-iot") for uid in own)


def test_atom_feeds_parse_and_link_to_the_history(sample: Path):
    atom = "{http://www.w3.org/2005/Atom}"
    for path in sorted((sample / "site/feeds").glob("*.atom")):
        feed = ET.parse(path).getroot()
        entries = feed.findall(f"{atom}entry")
        assert 0 < len(entries) <= 50, path
        assert len({e.findtext(f"{atom}id") for e in entries}) == len(entries)
    feed = ET.parse(sample / "site/feeds/dc-irpc.atom").getroot()
    link = feed.find(f"{atom}entry/{atom}link").get("href")
    assert link.startswith("../coalitions/dc-irpc.html#event-")


def test_the_coalition_page_says_what_the_charter_asks(sample: Path):
    site = sample / "site/coalitions"
    youth = (site / "dc-youth-ig.html").read_text()
    # The retracted removal stays in the history, struck through and marked.
    assert '<tr id="event-671" class="retracted">' in youth
    assert 'retracted</strong> by <a href="#event-672">event 672</a>' in youth
    child = (site / "dc-child-online-safety.html").read_text()
    assert "<td>2023-06-30</td>" in child and ">extended<" in child
    accessibility = (site / "dc-accessibility.html").read_text()
    assert "A minority asked for stronger wording on Disability" in accessibility
    assert "Members agree on the main recommendations" in accessibility
    assert "<svg" in accessibility and "Timeline of" in accessibility
    assert "dissolved" in (site / "dc-platform-responsibility.html").read_text()
    irpc = (site / "dc-irpc.html").read_text()
    assert "Co-coordinators: Bruno Achebe, Ugo Rossi." in irpc
    assert "<td>Ugo Novak</td><td>civil-society</td><td>representative</td>" in irpc
    assert "7 observers (not listed)" in irpc


def tally_cells(page: str) -> dict[str, str]:
    """An amendment page's tally table, each header with the cell below it."""
    table = page.split("<caption>Tally</caption>", 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    return dict(zip(headers, re.findall(r"<td>(.*?)</td>", table), strict=True))


def test_the_charter_pages_tell_each_amendment_path(sample: Path):
    charter = sample / "site/charter"
    diff = (charter / "diff-1-2.html").read_text()
    assert "<ins>" in diff and "<del>" in diff
    first = (charter / "amendments/1.html").read_text()
    assert "&lt;a1-obligations at lists.example.org&gt;" in first
    assert "Extensions should stay exceptional" in first
    assert "Tally" in first and "Incorporated on" in first
    assert "no quorum, an electorate of" in first and "quorum: 0" not in first
    assert tally_cells(first)["Quorum met"] == "no quorum"
    second = (charter / "amendments/2.html").read_text()
    assert "quorum: 1/5 of an electorate of" in second
    assert tally_cells(second)["Quorum met"] in ("yes", "no")
    index = (sample / "site/index.html").read_text()
    assert "Coalitions by status at the end of each year" in index


def test_an_earlier_date_removes_what_no_longer_exists_and_nothing_else(sample: Path):
    copy = sample / "earlier"
    shutil.copytree(sample / "site", copy / "site")
    (copy / "site/notes.txt").write_text("mine")
    for name in ("dcledger.db", "dcledger.views.db"):
        shutil.copy(sample / name, copy / name)
    result = dcledger_in_process(copy, "publish", "site", "--as-of", "2022-06-01", "--json")
    done = json.loads(result.stdout)
    assert done["as_of"] == "2022-06-01" and done["removed"] > 0
    assert not (copy / "site/reviews/2025.html").exists()
    assert not (copy / "site/charter/amendments/1.html").exists()
    assert (copy / "site/notes.txt").read_text() == "mine"
    index = (copy / "site/index.html").read_text()
    assert "as of 2022-06-01, log position 2126" in index


def test_a_date_before_the_first_coalition_gives_an_empty_register(sample: Path):
    dcledger_in_process(sample, "publish", "early", "--as-of", "2018-01-01")
    site = sample / "early"
    assert [p.relative_to(site).as_posix() for p in pages(site)] == [
        "charter/index.html",
        "data.html",
        "index.html",
        "reviews/index.html",
    ]
    assert "No coalition had been proposed by 2018-01-01." in (site / "index.html").read_text()
    for page in pages(site):
        assert broken_links(site, page, parse(page).links) == [], page


def test_base_url_makes_feed_ids_and_canonical_links_absolute(sample: Path):
    dcledger_in_process(
        sample, "publish", "absolute", "--as-of", AS_OF, "--base-url", "https://dc.example/"
    )
    atom = (sample / "absolute/feeds/all.atom").read_text()
    assert "<id>https://dc.example/feeds/all.atom</id>" in atom
    index = (sample / "absolute/index.html").read_text()
    assert '<link rel="canonical" href="https://dc.example/index.html">' in index
    assert "URL:https://dc.example/" in (sample / "absolute/feeds/dc-irpc.ics").read_text()


def test_the_help_gives_an_example(tmp_path: Path):
    result = dcledger(tmp_path, "publish", "--help")
    assert "dcledger publish site/" in result.stdout and "--base-url URL" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], "Error: --as-of '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--base-url", "dc.example"], "Error: --base-url 'dc.example' is not an http(s) URL"),
        # It built a review page for every year up to 9997, and failed on year 10000.
        (
            ["--as-of", "9998-12-31"],
            "Error: --as-of 9998-12-31 is after today: the site publishes what happened",
        ),
    ],
)
def test_bad_options_write_nothing(sample: Path, args: list[str], message: str):
    result = dcledger_in_process(sample, "publish", "refused", *args, check=False)
    assert (result.returncode, result.stderr.strip()) == (1, message)
    assert not (sample / "refused").exists()


def test_a_file_in_the_way_or_no_ledger_writes_nothing(sample: Path, tmp_path: Path):
    (sample / "a-file").write_text("x")
    result = dcledger_in_process(sample, "publish", "a-file", check=False)
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert (sample / "a-file").read_text() == "x"
    result = dcledger_in_process(tmp_path, "publish", "site", check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
