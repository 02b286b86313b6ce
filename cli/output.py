"""Rendering: one JSON document for scripts, plain aligned tables for people, CSV for
spreadsheets. Tables are plain text everywhere (no box drawing, no colour), so what a
person sees is what a pipe gets; their width is the terminal's, or COLUMNS, or unlimited
when piped without COLUMNS."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from dcledger.ledger.invocation import Outcome

if TYPE_CHECKING:
    from rich.progress import Progress

GAP = "  "
ELLIPSIS = "…"
SHORTEST_CUT = 12  # a column whose words must be cut keeps this many characters


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, sort_keys=False, default=str))


def yes_no(value: Any) -> str:
    """The one vocabulary for a yes/no fact in every table and CSV file."""
    return "yes" if value else "no"


def cell(value: Any) -> str:
    """A value as table or CSV text: booleans yes/no, lists joined, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def output_width() -> int | None:
    """Columns available: COLUMNS when set, else the terminal's; None (unlimited) when
    stdout is not a terminal, so piped output is never squeezed or wrapped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def shrink(widths: list[int], floor: list[int], room: int) -> None:
    """Take one character at a time from the widest column still above its floor."""
    while sum(widths) > room:
        candidates = [i for i, w in enumerate(widths) if w > floor[i]]
        if not candidates:
            return
        widths[max(candidates, key=lambda i: widths[i])] -= 1


def floors(header_words: list[int], data_words: list[int]) -> list[list[int]]:
    """How far columns may shrink, step by step: to their longest word (nothing cut);
    headers shortened to the data's longest word; long words (slugs, names) cut to a
    dozen characters; everything cut to six. Past that the line is left too long."""
    whole = [max(h, d) for h, d in zip(header_words, data_words, strict=True)]
    headers_cut = [max(d, min(h, 4)) for h, d in zip(header_words, data_words, strict=True)]
    steps = [whole, headers_cut]
    for cut in (SHORTEST_CUT, 6):
        steps.append([min(f, cut) for f in steps[-1]])
    return steps


def fit_widths(
    natural: list[int], header_words: list[int], data_words: list[int], width: int
) -> list[int]:
    widths = list(natural)
    room = width - len(GAP) * (len(widths) - 1)
    for floor in floors(header_words, data_words):
        shrink(widths, floor, room)
    return widths


def wrap_cell(text: str, width: int) -> list[str]:
    """Wrap at word boundaries; a word longer than the column is shortened, not folded."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return [line if len(line) <= width else line[: width - 1] + ELLIPSIS for line in lines] or [""]


def longest_word(texts: list[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=1)


def table_lines(
    columns: Sequence[str], rows: Sequence[Sequence[str]], width: int | None
) -> list[str]:
    cells = [list(columns), *[list(r) for r in rows]]
    natural = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    widths = natural
    if width is not None and sum(natural) + len(GAP) * (len(natural) - 1) > width:
        header_words = [longest_word([c]) for c in cells[0]]
        data_words = [longest_word([row[i] for row in cells[1:]]) for i in range(len(columns))]
        widths = fit_widths(natural, header_words, data_words, width)
    lines = []
    for row in cells:
        wrapped = [wrap_cell(text, widths[i]) for i, text in enumerate(row)]
        for n in range(max(len(w) for w in wrapped)):
            parts = [(w[n] if n < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)]
            lines.append(GAP.join(parts).rstrip())
    return lines


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain table: an optional title line, a header line, one or more lines per row."""
    text_rows = [[cell(v) for v in row] for row in rows]
    # A column empty in every row says nothing; leaving it out makes room for the others.
    keep = [i for i in range(len(columns)) if not text_rows or any(r[i] for r in text_rows)]
    columns = [columns[i] for i in keep]
    text_rows = [[r[i] for i in keep] for r in text_rows]
    if title:
        click.echo(title)
    for line in table_lines(columns, text_rows, output_width()):
        click.echo(line)


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    click.echo(buffer.getvalue(), nl=False)


def paragraph(label: str, text: Any) -> None:
    """A `label: text` line, wrapped at word boundaries to the output width."""
    line = f"{label}: {cell(text)}"
    width = output_width()
    if width is None or len(line) <= width:
        click.echo(line)
        return
    for part in textwrap.wrap(line, width=width, subsequent_indent="  ", break_long_words=False):
        click.echo(part)


def short_type(topic: str) -> str:
    return topic.split(":")[1] if ":" in topic else topic


def report_recorded(outcome: Outcome, as_json: bool, headline: str | None = None) -> None:
    """What a recording command wrote. With a headline (a new slug or amendment number),
    stdout carries only that, so scripts can capture it; the details go to stderr."""
    events = [{"id": i, "type": short_type(t)} for i, t in outcome.events]
    if as_json:
        emit_json({"events": events, "result": outcome.results[-1] if outcome.results else {}})
        return
    lines = [f"Recorded {e['type']} as event {e['id']}" for e in events]
    if headline is not None:
        click.echo(headline)
        for line in lines:
            click.echo(line, err=True)
    else:
        for line in lines:
            click.echo(line)


def progress_bar() -> Progress:
    """A progress bar on stderr, shown only to a person at a terminal."""
    from rich.console import Console  # only long work shows one: loaded when it starts
    from rich.progress import Progress

    err = Console(stderr=True)
    return Progress(console=err, transient=True, disable=not err.is_terminal)


Column = tuple[str, str | Callable[[dict[str, Any]], Any]]  # header, key or function of a row


def value_of(row: dict[str, Any], source: str | Callable[[dict[str, Any]], Any]) -> Any:
    return source(row) if callable(source) else row.get(source)


def render(
    fmt: str,
    rows: list[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    document: Any = None,
    csv_keys: Sequence[str] = (),
) -> None:
    """Show rows in the chosen format: JSON is the document (the rows by default) with
    every key; CSV has every key of the rows (`csv_keys`, where given, so that no rows
    still print the same header); a table shows the chosen columns."""
    if fmt == "json":
        emit_json(rows if document is None else document)
    elif fmt == "csv":
        keys = list(rows[0]) if rows else [s for _, s in columns if isinstance(s, str)]
        keys = list(csv_keys) or keys
        write_csv(keys, rows)
    else:
        table(title, [h for h, _ in columns], ([value_of(r, s) for _, s in columns] for r in rows))
