"""A charter's text in Markdown: its `## ` sections, and the blocks an amendment's text
holds for the sections it changes."""

from __future__ import annotations

import re

from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.slugs import earlier_section_id, section_id


def blocks_by_id(ids: list[str], text: str) -> dict[str, str]:
    """The text's `## ` blocks by section id, or by the earlier id when that is named."""
    blocks = {}
    for section in parse_charter_markdown(text):
        earlier = earlier_section_id(section["title"])
        named = earlier if earlier in ids and section["id"] not in ids else section["id"]
        blocks[named] = section["text"]
    return blocks


def parse_charter_markdown(text: str) -> list[dict[str, str]]:
    """Sections from `## ` headings; text before the first heading is the preamble. A
    heading's closing hashes are not part of its title, and a `## ` line inside a fenced
    code block is text."""
    sections: list[dict[str, str]] = []
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        opening = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)[:3]
        heading = None if fence else re.match(r"## +(.*?)(?: +#+)? *$", line.rstrip("\n"))
        if heading:
            title = heading.group(1).strip()
            if not section_id(title):
                raise InvalidInput(f"a '## ' heading has no title: {line.strip()!r}")
            sections.append({"id": section_id(title), "title": title, "text": ""})
        elif sections:
            sections[-1]["text"] += line
    for section in sections:
        section["text"] = section["text"].strip() + "\n"
    return sections


def sections_from_text(section_ids: list[str] | str, text: str) -> dict[str, str]:
    """One section: the whole text. Several: the text's `## ` blocks, matched by id."""
    ids = [section_ids] if isinstance(section_ids, str) else list(section_ids)
    if not ids:
        raise InvalidInput("name the section(s) the amendment changes (--section ID)")
    if not text.strip():
        raise InvalidInput("the amendment's text is empty")
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InvalidInput(f"--section names {', '.join(twice)} more than once")
    blocks = blocks_by_id(ids, text)
    if len(ids) == 1 and not blocks:
        return {ids[0]: text.strip() + "\n"}  # one section: the whole text is its text
    unnamed = [i for i in blocks if i not in ids]
    if unnamed:  # a heading inside a section's text would read back as another section
        raise InvalidInput(
            f"the text file has '## ' blocks for section(s) not named with --section: "
            f"{', '.join(unnamed)}"
        )
    missing = [i for i in ids if i not in blocks]
    if missing:
        raise InvalidInput(f"the text file has no '## ' block for section(s): {', '.join(missing)}")
    return {i: blocks[i] for i in ids}
