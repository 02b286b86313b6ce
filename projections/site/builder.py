"""Build the whole site in memory, then write only the files whose bytes changed.

Output is a pure function of the snapshot (as-of date, log position, the log itself), so
publishing an unchanged ledger again changes no file and a site kept in git shows real
changes only. Files a previous build wrote and this one does not are removed, using the
manifest the build leaves behind; nothing else in the folder is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dcledger.projections.masking import mask_bytes
from dcledger.projections.site.feeds import atom_feeds, calendars
from dcledger.projections.site.opendata import open_data
from dcledger.projections.site.pages import all_pages
from dcledger.projections.site.snapshot import SiteSource, Snapshot, take_snapshot

MANIFEST = ".dcledger-site"
Progress = Callable[[int, int], None]  # (files built, files to build)


@dataclass(frozen=True)
class Published:
    files: int
    pages: int
    changed: int
    removed: int
    as_of: str
    position: int


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dcledger.projections.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_pages(snapshot: Snapshot, progress: Progress | None = None) -> dict[str, bytes]:
    env = environment()
    site = {
        "stamp": snapshot.stamp,
        "as_of": snapshot.as_of.isoformat(),
        "position": snapshot.position,
        "checkpoint": snapshot.checkpoint,
        "base_url": snapshot.base_url,
    }
    pages = {}
    for path, template, context in all_pages(snapshot):
        root = "../" * path.count("/")
        html = env.get_template(template).render(site=site, root=root, path=path, **context)
        pages[path] = html.encode()
        if progress:
            progress(len(pages), 0)
    return pages


def build(snapshot: Snapshot, progress: Progress | None = None) -> dict[str, bytes]:
    files = render_pages(snapshot, progress)
    style = resources.files("dcledger.projections.site") / "static" / "style.css"
    files["static/style.css"] = style.read_bytes()
    for slug in snapshot.coalitions:
        files[f"coalitions/{slug}-timeline.svg"] = snapshot.timeline(slug).encode()
    files |= open_data(snapshot) | calendars(snapshot) | atom_feeds(snapshot)
    return {rel: mask_bytes(content) for rel, content in files.items()}


def write_site(out: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Write changed files; remove the previous build's files that are gone now."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    before = set(manifest.read_text().split("\n")) - {""} if manifest.exists() else set()
    changed = 0
    for rel, content in sorted(files.items()):
        target = out / rel
        if target.exists() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        changed += 1
    # Only names this build could have written: a hand-edited manifest removes nothing else.
    stale = sorted(rel for rel in before - set(files) if _ours(rel))
    for rel in stale:
        (out / rel).unlink(missing_ok=True)
    listing = "".join(f"{rel}\n" for rel in sorted(files))
    if not manifest.exists() or manifest.read_text() != listing:
        manifest.write_text(listing)
    return changed, len(stale)


def _ours(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts


def publish(
    service: SiteSource,
    out: Path,
    as_of: date,
    base_url: str = "",
    progress: Progress | None = None,
) -> Published:
    snapshot = take_snapshot(service, as_of, base_url)
    files = build(snapshot, progress)
    changed, removed = write_site(out, files)
    pages = sum(1 for rel in files if rel.endswith(".html"))
    return Published(
        len(files), pages, changed, removed, snapshot.as_of.isoformat(), snapshot.position
    )
