"""`dcledger publish DIR`: the public site, open data and feeds, from the read models."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from dcledger.cli.options import json_option, parse_as_of, service, wants_json
from dcledger.cli.output import emit_json, progress_bar
from dcledger.ledger.errors import InvalidInput
from dcledger.projections.site import publish as publish_site


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    metavar="DATE",
    help="Publish the registry as of this date, not after today (default: today).",
)
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    help="Where the site will be served (absolute links in feeds and calendars).",
)
@json_option
def publish(folder: Path, as_of: str | None, base_url: str, as_json: bool) -> None:
    """Build the public site in DIR: static HTML pages (no JavaScript), open data under
    DIR/data with a datapackage.json, calendars and Atom feeds under DIR/feeds.

    Publishing again from an unchanged ledger changes no file; files a previous build made
    and this one no longer does are removed, nothing else in DIR is touched.

    \b
    Example:
      dcledger publish site/ --base-url https://dc.example.org
      python3 -m http.server -d site 8000     # then open http://localhost:8000/
    """
    if base_url and not base_url.startswith(("http://", "https://")):
        raise InvalidInput(f"--base-url '{base_url}' is not an http(s) URL")
    day = parse_as_of(as_of)
    if day > datetime.now(UTC).date():  # a site of what happened, one page per ended year
        raise InvalidInput(f"--as-of {day} is after today: the site publishes what happened")
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"'{folder}' is not a folder")
    ledger = service()
    with progress_bar() as bar:
        task = bar.add_task("publishing", total=None)
        done = publish_site(
            ledger, folder, day, base_url, lambda n, _: bar.update(task, completed=n)
        )
    if wants_json(as_json):
        emit_json(vars(done))
        return
    click.echo(
        f"Published {done.pages} pages and {done.files - done.pages} other files to {folder} "
        f"(as of {done.as_of}, log position {done.position}; {done.changed} changed, "
        f"{done.removed} removed)"
    )


COMMANDS = [publish]
