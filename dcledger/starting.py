"""Starting a ledger: `init` creates its store and its views, and a refused start leaves
neither behind; a start on a ledger that exists says how to start over."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dcledger.bootstrap import view_files
from dcledger.ledger.errors import AlreadyExists, LedgerError
from dcledger.ledger.storage import Location

POSTGRES_START_OVER = "to start over, drop the schema's dcledger tables or use another ?schema="


@contextmanager
def nothing_left_if_refused(
    location: Location, views: Path, creating: bool, close: Callable[[], Path | None]
) -> Iterator[None]:
    """Run a recording. When it starts a ledger (`creating`) and is refused, remove the
    files it made (deciding reads the read models, which creates them) or, if the ledger
    was already there, add how to start over. `close` closes the ledger and returns the
    views file it used, if it was opened."""
    new_file = creating and not location.is_postgres and not location.path.exists()
    new_views = creating and not views.exists()
    try:
        yield
    except LedgerError as e:
        if creating and location.is_postgres and isinstance(e, AlreadyExists):
            raise type(e)(f"{e}; {POSTGRES_START_OVER}") from None
        if creating and location.path.is_file() and not new_file:
            shown = close() or "its views"
            raise type(e)(f"{e}; to start over, remove {location.path} and {shown}") from None
        close()
        leftovers = [location.path] if new_file else []
        leftovers += view_files(views) if new_views else []
        for path in leftovers:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
