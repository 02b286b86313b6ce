"""Open data: the site's facts as CSV and JSON, a Frictionless Data Package describing
them, and the event log as JSON Lines. Bytes are deterministic: fixed column order,
sorted rows, sorted JSON keys, "\\n" line ends."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from dcledger.projections.site.tables import TABLES, Table

Files = dict[str, bytes]


def csv_bytes(table: Table, rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in table.fields])
    for row in rows:
        writer.writerow([csv_value(row.get(name)) for name, _, _ in table.fields])
    return out.getvalue().encode()


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def resource(table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": {
            "fields": [
                {"name": name, "type": kind, "description": text}
                for name, kind, text in table.fields
            ]
        },
    }


def package(snapshot_stamp: str, as_of: str) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "igf-dynamic-coalitions",
        "title": "IGF Dynamic Coalitions: the public register",
        "description": f"Built from the dcledger event log, {snapshot_stamp}. The same "
        "rows are in NAME.json; the event log itself is events.jsonl, where no observer is named.",
        "version": as_of,
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
        "resources": [resource(t) for t in TABLES],
    }


def open_data(snapshot: Any) -> Files:
    """Every file under data/, by its path relative to the site."""
    files: Files = {}
    for table in TABLES:
        rows = table.rows(snapshot)
        files[f"data/{table.name}.csv"] = csv_bytes(table, rows)
        files[f"data/{table.name}.json"] = json_bytes(rows)
    files["data/datapackage.json"] = json_bytes(package(snapshot.stamp, snapshot.as_of.isoformat()))
    lines = (json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in snapshot.events)
    files["data/events.jsonl"] = "".join(lines).encode()
    return files
