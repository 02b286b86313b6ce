"""Checks on the read-model file before SQLite touches it: it must be a views file (or
nothing yet), never the ledger itself, another application's database or a FIFO."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dcledger.ledger.errors import LedgerUnavailable
from dcledger.ledger.storage import lock_timeout
from dcledger.projections.private import private_path

SQLITE_MAGIC = b"SQLite format 3\x00"
OWN_TABLE = "tracking"  # every views file has it; a ledger or a foreign database does not


def check_views_target(path: Path) -> bool:
    """Refuse a path that is no file of ours to write (a folder, a FIFO); say whether a
    file with content is there."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as e:
        raise LedgerUnavailable(f"cannot use the read models at {path}: {e}") from None
    if not stat.S_ISREG(info.st_mode):
        raise LedgerUnavailable(f"the read models at {path} must be a regular file")
    return info.st_size > 0


def check_views_file(path: Path) -> None:
    """Refuse a file that is not ours to write; a corrupt views file is refused too, with
    the way out (rebuild replaces it)."""
    if not check_views_target(path):
        return
    tables = read_tables(path)
    if tables is None:
        raise LedgerUnavailable(
            f"the read models at {path} cannot be read; 'dcledger rebuild' replaces them"
        )
    refuse_foreign(path, tables)


def check_not_foreign(path: Path) -> None:
    """Refuse another program's database at once, before anything is opened; a damaged
    file is left to the check made when the views are opened (rebuild may replace it)."""
    if check_views_target(path):
        tables = read_tables(path)
        if tables is not None:
            refuse_foreign(path, tables)


def refuse_foreign(path: Path, tables: set[str]) -> None:
    if OWN_TABLE not in tables and tables:
        raise LedgerUnavailable(f"{path} is not a dcledger views file; choose another --views")


def read_tables(path: Path) -> set[str] | None:
    """The file's table names, read-only; None when it is no readable SQLite database. A
    file another process holds locked is not damaged: that is said, and nothing replaces it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=lock_timeout())
        try:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise LedgerUnavailable(
                f"the read models at {path} are locked by another process; try again"
            ) from None
        return None
    except sqlite3.Error:
        return None


def replaceable(path: Path) -> bool:
    """A views file rebuild may delete: damaged SQLite, or named like a views file. A
    file given by mistake (notes.txt) is never deleted."""
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return header == SQLITE_MAGIC or path.name.endswith(".views.db")


def remove_views_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = Path(f"{path}{suffix}")
        if target.is_file():
            os.unlink(target)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except (OSError, ValueError):
        return False


def check_private_file(path: Path) -> None:
    """The private contacts file beside the views: ours, or nothing yet."""
    if not check_views_target(path):
        return
    tables = read_tables(path)
    if tables is None or (tables and "contacts" not in tables):
        raise LedgerUnavailable(f"{path} is not a dcledger private contacts file")


@contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """Held while a process checks and opens (perhaps creates) the views file at `path`:
    two processes starting on a new views file at once must not see each other's half-made
    schema (one took it for a foreign file, or dropped the tables the other was making).
    An advisory lock on the folder, not the file, whose SQLite locks it would disturb."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: open without
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def prepare_views_file(path: Path, replace_damaged: bool) -> None:
    """Refuse a file that is not ours; with `replace_damaged` (rebuild), delete a damaged
    views file, since rebuilding starts over from the log anyway. A new views file starts
    without the contacts an earlier ledger of that name left: the log refills them."""
    try:
        path.stat()
    except FileNotFoundError:
        private_path(path).unlink(missing_ok=True)
        return
    except (OSError, ValueError):
        pass  # named by the checks below
    try:
        check_views_file(path)
    except LedgerUnavailable:
        if not (replace_damaged and path.is_file() and replaceable(path)):
            raise
        if read_tables(path) is not None:
            raise
        remove_views_file(path)
