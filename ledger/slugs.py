"""Readable ids made from names and headings: a coalition's slug, a charter section's id."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def ascii_letters(text: str) -> str:
    """Accented letters as their ASCII base letter (Über -> Uber); what has none is dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slugify(text: str) -> str:
    """A slug from a name: accents dropped from their letters (Économie -> economie); a
    name with no Latin letters at all gets a short stable hash, so two such names differ."""
    words = re.sub(r"[^a-z0-9]+", "-", ascii_letters(text).lower()).strip("-")
    words = re.sub(r"^(dynamic-coalition-(on|for)-(the-)?|dc-((on|for)-(the-)?)?)", "", words)
    if not words:
        words = hashlib.sha256(text.strip().encode()).hexdigest()[:8]
    return ("dc-" + words)[:63].rstrip("-")


def section_id(title: str) -> str:
    """A heading's id: its lowercase ASCII words joined by '-', accented letters kept as
    their base letter (Zwei Über -> zwei-uber)."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_letters(title).lower()).strip("-")


def earlier_section_id(title: str) -> str:
    """The id a heading had before accented letters were kept (Zwei Über -> zwei-ber): a
    charter adopted then keeps such ids, and its amendments' headings must still match."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
