"""The site builder on both backends, straight through the service, and its checkpoint
hook: a ledger that can produce a checkpoint gets it shown on every page."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from dcledger.bootstrap import LedgerService
from dcledger.projections.site import publish
from tests.harness import Harness, statement
from tests.site_helpers import EMAIL, files_of


def record_a_coalition(ledger: Harness) -> None:
    ledger.coalition()  # dc-example, proposed 2019-01-15, recognized 2019-02-01
    ledger.run(
        "report file",
        "ana",
        slug="dc-example",
        year=2019,
        url="https://r.example/19",
        on="2020-05-02",
    )
    ledger.run(
        "output record",
        "ana",
        slug="dc-example",
        kind="document",
        title="Paper (comments to ana@example.org)",
        agreement="rough consensus",
        dissent=["Bo: ask bo@example.org first"],
        on="2020-06-01",
    )


def test_a_site_from_either_backend(ledger: Harness, tmp_path: Path):
    record_a_coalition(ledger)
    done = publish(ledger.service, tmp_path / "site", date(2021, 6, 1))
    position = ledger.service.views.position()
    assert (done.pages, done.position, done.as_of) == (7, position, "2021-06-01")
    files = files_of(tmp_path / "site")
    assert [rel for rel, data in files.items() if EMAIL.search(data)] == []
    page = files["coalitions/dc-example.html"].decode()
    assert "as of 2021-06-01, log position" in page
    assert "Ana Example" in page and "ana@example.org" not in page
    assert "Paper (comments to ana at example.org)" in page  # free text is masked too
    assert "Bo: ask bo at example.org first" in files["data/dissents.csv"].decode()
    assert "2019</a></th><td>2020-03-31</td><td>2020-05-02</td>" in page  # filed late
    assert "status-late" in page
    # The log's tree head, as `dcledger checkpoint` signs it: origin, size, root.
    head = ledger.service.checkpoint()["text"].splitlines()
    assert f"<code>{head[0]}\n{head[1]}\n{head[2]}\n</code>" in page
    assert "No charter has been adopted" in files["charter/index.html"].decode()


class CheckpointingService(LedgerService):
    """A service whose checkpoint text is known, to find it on every page."""

    def checkpoint(self) -> dict[str, str]:
        return {"text": "position 7 sha256:abc123", "verify": "Run dcledger checkpoint verify."}


def test_a_checkpoint_is_shown_on_every_page(sqlite_ledger: Harness, tmp_path: Path):
    record_a_coalition(sqlite_ledger)
    with CheckpointingService(sqlite_ledger.location, views_path=sqlite_ledger.views) as service:
        publish(service, tmp_path / "site", date(2021, 6, 1))
    pages = {
        rel: data for rel, data in files_of(tmp_path / "site").items() if rel.endswith(".html")
    }
    assert pages
    for rel, data in pages.items():
        assert b"<code>position 7 sha256:abc123</code>. Run dcledger checkpoint verify." in data, (
            rel
        )


def test_a_statement_is_published_when_the_coalition_is_recognized(
    sqlite_ledger: Harness, tmp_path: Path
):
    ledger = sqlite_ledger
    pending = statement(slug="dc-pending", name="Dynamic Coalition on Pending Matters")
    ledger.run("coalition propose", "sec", statement=pending, on="2019-01-15")
    publish(ledger.service, tmp_path / "before", date(2019, 1, 20))
    before = files_of(tmp_path / "before")
    assert "coalitions/dc-pending.html" not in before
    assert [rel for rel, data in before.items() if b"dc-pending" in data] == []
    ledger.run("coalition recognize", "sec", slug="dc-pending", on="2019-02-01")
    publish(ledger.service, tmp_path / "after", date(2019, 2, 2))
    after = files_of(tmp_path / "after")
    assert "Pending Matters" in after["coalitions/dc-pending.html"].decode()
    assert b"dc-pending" in after["index.html"] and b"dc-pending" in after["data/events.jsonl"]


def test_a_dated_site_holds_the_retractions_of_its_events_only(
    sqlite_ledger: Harness, tmp_path: Path
):
    """A retraction counts whatever its date, so a dated site's state takes later ones
    into account; its events.jsonl held them too, naming events it does not hold."""
    ledger = sqlite_ledger
    record_a_coalition(ledger)
    early = ledger.run("meeting record", "ana", slug="dc-example", title="early", on="2019-03-01")
    late = ledger.run("meeting record", "ana", slug="dc-example", title="late", on="2021-03-01")
    for outcome in (early, late):
        ledger.run("retract", "ana", event_id=outcome.events[0][0], reason="no", on="2021-04-01")
    publish(ledger.service, tmp_path / "site", date(2019, 6, 1))
    lines = (tmp_path / "site" / "data" / "events.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    retractions = [e for e in events if e["type"] == "coalition.retracted"]
    assert [r["data"]["target_id"] for r in retractions] == [early.events[0][0]]
    assert late.events[0][0] not in {e["id"] for e in events}


def days_to_check(start: date, end: date, boundaries: list[date]) -> list[date]:
    """Every week, every day around each 31 March and each period's bounds: a status
    the site misses lasts at least from a deadline to a decision taken later."""
    days = {start + timedelta(days=n) for n in range(0, (end - start).days, 7)}
    for year in range(start.year, end.year + 1):
        days.update(date(year, 3, 31) + timedelta(days=n) for n in range(-1, 3))
    days.update(b + timedelta(days=n) for b in boundaries for n in (-1, 0, 1))
    return sorted(d for d in days if start <= d < end)


def assert_timeline_as_status_says(ledger: Harness, site: Path, slug: str, as_of: date) -> None:
    svg = (site / "coalitions" / f"{slug}-timeline.svg").read_text()
    periods = [
        (status, date.fromisoformat(a), date.fromisoformat(b))
        for status, a, b in re.findall(r"<title>([a-z ]+) from ([\d-]+) to ([\d-]+)</title>", svg)
    ]
    bounds = [a for _, a, _ in periods]
    for day in days_to_check(periods[0][1], as_of, bounds):
        shown = next(status for status, a, b in reversed(periods) if a <= day)
        said = ledger.service.status(day, slug=slug)["status"]
        assert (day, shown) == (day, said)


def test_the_status_timeline_says_what_status_as_of_says_on_every_day(
    sqlite_ledger: Harness, tmp_path: Path
):
    """2019's report is missed and 2020's deadline passes before its extension is
    granted, after a reactivation: the site judged the past with the grant already made
    (active in April 2021, where `status --as-of` says inactive), whether published after
    the extension ran out or while it ran. A coalition declined and proposed again starts
    its timeline at its first proposal. The timeline and the index's counts by year must
    be what `status --as-of` says."""
    ledger = sqlite_ledger
    ledger.coalition()  # dc-example, proposed 2019-01-15, recognized 2019-02-01
    ledger.run(
        "report request-extension",
        "ana",
        slug="dc-example",
        year=2020,
        until="2021-06-30",
        reason="our chair fell ill",
        on="2021-03-01",
    )
    reason = "new coordinators"
    ledger.run("coalition reactivate", "sec", slug="dc-example", reason=reason, on="2021-04-20")
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2020, on="2021-05-10")
    second = statement(slug="dc-second", name="Dynamic Coalition on Second Tries")
    ledger.run("coalition propose", "sec", statement=second, on="2019-03-01")
    ledger.run("coalition decline", "sec", slug="dc-second", reason="thin", on="2019-04-01")
    second["action_plan"] = "A real plan"
    ledger.run("coalition propose", "sec", statement=second, on="2019-06-01")
    ledger.run("coalition recognize", "sec", slug="dc-second", on="2019-07-01")
    for as_of in (date(2021, 5, 20), date(2022, 6, 1)):
        site = tmp_path / as_of.isoformat()
        publish(ledger.service, site, as_of)
        for slug in ("dc-example", "dc-second"):
            assert_timeline_as_status_says(ledger, site, slug, as_of)
    svg = (tmp_path / "2021-05-20" / "coalitions" / "dc-example-timeline.svg").read_text()
    assert "inactive from 2021-04-01 to 2021-04-20" in svg
    svg = (tmp_path / "2022-06-01" / "coalitions" / "dc-second-timeline.svg").read_text()
    assert "proposed from 2019-03-01 to 2019-04-01" in svg
    home = (tmp_path / "2022-06-01" / "index.html").read_text()
    statuses = ["active", "inactive", "proposed", "dissolved", "declined"]
    for year in range(2019, 2023):
        day = min(date(year, 12, 31), date(2022, 6, 1))
        said = [ledger.service.status(day, slug=s)["status"] for s in ("dc-example", "dc-second")]
        cells = "".join(f"<td>{said.count(s)}</td>" for s in statuses)
        assert f'<th scope="row">{year}</th>{cells}' in home, (year, said)


def test_observers_are_counted_never_named_in_public(sqlite_ledger: Harness, tmp_path: Path):
    """The charter publishes the names of full members; an observer's name and handle
    appear nowhere on the site, its feeds or its open data. One who became a full member
    is named, and the ledger keeps every handle for auditors."""
    ledger = sqlite_ledger
    record_a_coalition(ledger)
    for handle, name in (("eve", "Eve Quiet"), ("zed", "Zed Later")):
        ledger.run(
            "person register",
            "sec",
            handle=handle,
            name=name,
            email=f"{handle}@x.org",
            on="2020-01-01",
        )
        ledger.run(
            "member join",
            handle,
            slug="dc-example",
            group="academia",
            observer=True,
            on="2020-02-01",
        )
        ledger.run("member subscribe", handle, slug="dc-example", on="2020-02-02")
    ledger.run(
        "member set-role", "ana", slug="dc-example", handle="zed", role="full", on="2020-03-01"
    )
    # An observer who never subscribes nor confirms: the yearly review flags them.
    ledger.run(
        "person register", "sec", handle="uma", name="Uma Unseen", email="u@x.org", on="2019-03-01"
    )
    ledger.run(
        "member join", "uma", slug="dc-example", group="academia", observer=True, on="2019-03-02"
    )
    publish(ledger.service, tmp_path / "site", date(2021, 6, 1))
    files = files_of(tmp_path / "site")
    for hidden in (b"Eve Quiet", rb"\beve\b", b"Uma Unseen", rb"\buma\b"):
        assert [rel for rel, data in files.items() if re.search(hidden, data)] == [], hidden
    review = files["reviews/2020.html"].decode()
    assert "older than 12 months: Ana Example, Bo Example, Cy Example, 1 observer<" in review
    assert (
        "not subscribed to the mailing list: Ana Example, Bo Example, Cy Example, 1 observer<"
        in review
    )
    page = files["coalitions/dc-example.html"].decode()
    assert "Zed Later" in page and "An observer joined (academia)" in page
    assert "2 observers (not listed)" in page
    events = (tmp_path / "site" / "data" / "events.jsonl").read_text()
    assert '"handle": "an observer"' in events and '"actor": "an observer"' in events
    assert "eve" in {f.actor for f in ledger.service.log_facts()}  # the ledger keeps it
