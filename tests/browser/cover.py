"""The fewest pages that together hold everything axe-core judges on the site.

axe's rules look at elements, their classes, roles and attributes (and at attributes
missing: an image without `alt`), how elements nest (a list item outside a list, a table
cell outside a row) and the steps between heading levels. Pages made from one template
with other text add nothing to judge, and axe takes half a second on each of the larger
ones; so axe reads a cover of the site's features, while every page is still loaded for
its console errors and links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

Feature = tuple[str | int | None, ...]


class Features(HTMLParser):
    """What a page holds that an accessibility rule could judge differently."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[Feature] = set()
        self.open: list[str] = []
        self.heading = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(("nesting", self.open[-1] if self.open else None, tag))
        if tag in HEADINGS:
            self.found.add(("heading step", self.heading, int(tag[1])))
            self.heading = int(tag[1])
        # The set of attribute names, so that one missing is a feature of its own.
        self.found.add(("attributes", tag, *sorted(name for name, _ in attrs)))
        for name, value in attrs:
            if name == "class":
                self.found.update(("class", tag, c) for c in (value or "").split())
            elif name == "role":
                self.found.add(("role", tag, value))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def features(page: Path) -> set[Feature]:
    parser = Features()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def covering_pages(pages: list[Path]) -> list[Path]:
    """A greedy set cover: each next page is the one holding the most features not yet
    held (ties to the first by name), until the chosen pages hold all of them."""
    held = {page: features(page) for page in sorted(pages)}
    wanted = set().union(*held.values())
    chosen: list[Path] = []
    while wanted:
        best = max(held, key=lambda page: len(held[page] & wanted))
        chosen.append(best)
        wanted -= held[best]
    return chosen
