"""Shell completion of slugs, handles and amendment numbers from the read-model file.

Completion runs on every Tab press, so it must be quick and silent: it opens the views
read-only (never creating or migrating a file), does not catch up with the log (so a
just-recorded name may be missing until the next command), and on any problem offers
nothing rather than printing or failing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from dcledger.ledger.storage import Location


def views_file(ctx: click.Context) -> Path | None:
    """The views file the command line being completed would use."""
    params = ctx.find_root().params
    if params.get("views"):
        return Path(params["views"])
    return Location(params.get("ledger") or "dcledger.db").default_views_path()


def candidates(ctx: click.Context, sql: str) -> list[str]:
    try:
        path = views_file(ctx)
        if path is None or not path.is_file():
            return []
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            return [str(row[0]) for row in conn.execute(sql) if row[0] is not None]
        finally:
            conn.close()
    except Exception:
        return []


def matching(values: list[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(v) for v in values if v.startswith(incomplete)]


def complete_slug(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return matching(candidates(ctx, "SELECT slug FROM coalitions ORDER BY slug"), incomplete)


def complete_handle(
    ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    return matching(candidates(ctx, "SELECT handle FROM persons ORDER BY handle"), incomplete)


def complete_amendment(
    ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    sql = "SELECT number FROM amendments ORDER BY number"
    return matching(candidates(ctx, sql), incomplete)
