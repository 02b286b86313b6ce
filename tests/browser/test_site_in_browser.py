"""The site built from data/history.jsonl, read in a real browser (Debian's chromium,
headless): no page has a console error or a broken internal link, and axe-core finds no
serious or critical accessibility violation on the pages that together hold everything
the site shows (see cover.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.cover import covering_pages
from tests.browser.driver import Reader, chromium, require_browser, screenshot, serving
from tests.e2e.cli_helpers import rebase_after_a_vote, with_charter
from tests.site_helpers import broken_links, sample_copy

BAD_PAGE = """<!doctype html><html><head><title>bad</title></head><body>
<img src="missing.png"><p style="color:#eee;background:#fff">faint</p>
<a href="gone.html">gone</a><script>console.error("boom")</script></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_browser()
    return sample_copy(tmp_path_factory, "published", "browser") / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium for the module's tests: each reads in a context (or page) of its own."""
    require_browser()
    with chromium() as launched:
        yield launched


def test_the_checks_catch_a_bad_page(browser: Any, tmp_path: Path):
    (tmp_path / "bad.html").write_text(BAD_PAGE)
    with serving(tmp_path) as base:
        seen = Reader(browser).visit(base + "bad.html")
    assert any("boom" in e for e in seen["errors"])
    assert any(v.startswith("image-alt (critical)") for v in seen["violations"])
    internal = [link.removeprefix(base) for link in seen["links"] if link.startswith(base)]
    assert broken_links(tmp_path, tmp_path / "bad.html", internal) == ["missing.png", "gone.html"]


def test_every_page_reads_cleanly_in_a_browser(site: Path, browser: Any):
    problems: dict[str, dict[str, list[str]]] = {}
    pages = sorted(site.rglob("*.html"))
    judged = covering_pages(pages)
    with serving(site) as base:
        reader = Reader(browser)
        for page in pages:
            rel = page.relative_to(site).as_posix()
            seen = reader.visit(base + rel, judge=page in judged)
            internal = [link.removeprefix(base) for link in seen["links"] if link.startswith(base)]
            found = {
                "console": seen["errors"],
                "links": broken_links(site, site / "index.html", internal),
                "axe": seen["violations"],
            }
            if any(found.values()):
                problems[rel] = found
    assert len(pages) == 29
    # Every kind of page is judged: coalitions, the charter, a diff and an amendment.
    assert {p.parent.name for p in judged} >= {"coalitions", "charter", "amendments"}
    assert problems == {}


def test_a_rebased_amendments_page_reads_cleanly(browser: Any, tmp_path: Path):
    """The sample has no rebase: the votes on a replaced text are judged here."""
    shell = with_charter(tmp_path)
    rebase_after_a_vote(shell, tmp_path)
    shell.ok("publish", str(tmp_path / "site"), "--as-of", "2019-06-02")
    site = tmp_path / "site"
    with serving(site) as base:
        seen = Reader(browser).visit(base + "charter/amendments/2.html")
    internal = [link.removeprefix(base) for link in seen["links"] if link.startswith(base)]
    assert (seen["errors"], seen["violations"]) == ([], [])
    assert broken_links(site, site / "index.html", internal) == []  # links as resolved
    assert "Earlier votes" in (site / "charter/amendments/2.html").read_text()


def test_a_coalition_page_screenshot(site: Path, browser: Any, tmp_path: Path):
    """The picture the README shows (bench/screenshot.py copies it into docs/)."""
    with serving(site) as base:
        shot = screenshot(
            browser,
            base + "coalitions/dc-core-internet-values.html",
            tmp_path / "coalition-page.png",
        )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
