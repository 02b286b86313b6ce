"""A clean PostgreSQL ledger for a benchmark: a new schema, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """The URL of a new, empty schema on the server at `url` (as the tests make one);
    the schema and every table in it are dropped on leaving."""
    import psycopg  # optional dependency: only PostgreSQL runs need it

    server = url.split("?", 1)[0]  # psycopg takes no schema= in its URL
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
