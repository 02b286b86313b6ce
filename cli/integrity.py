"""Signed events, proofs and offline verification on the command line."""

from __future__ import annotations

from dcledger.cli import key_commands  # noqa: F401 - attaches person add-key / revoke-key
