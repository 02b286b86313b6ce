"""Read models rebuilt from the log: SQLite tables anyone can open with sqlite3."""

from dcledger.projections.engine import Views

__all__ = ["Views"]
