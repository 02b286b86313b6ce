"""Tables that fit: word-boundary wrapping, shortened columns, plain when piped."""

import re

import pytest

from dcledger.cli.output import cell, output_width, table_lines

COLUMNS = ["slug", "name", "status", "session", "missed reports"]
ROWS = [
    [
        "dc-community-connectivity",
        "Dynamic Coalition on Community Connectivity",
        "inactive",
        "no",
        "2023, 2024, 2025",
    ],
    ["dc-irpc", "Internet Rights and Principles Coalition", "active", "yes", ""],
]


def words(lines: list[str]) -> set[str]:
    return {w for line in lines for w in re.split(r"\s+", line) if w}


def test_unlimited_width_keeps_every_row_on_one_line():
    lines = table_lines(COLUMNS, ROWS, None)
    assert lines == [
        "slug                       name                                         status"
        "    session  missed reports",
        "dc-community-connectivity  Dynamic Coalition on Community Connectivity  inactive"
        "  no       2023, 2024, 2025",
        "dc-irpc                    Internet Rights and Principles Coalition     active    yes",
    ]


def test_at_80_columns_cells_wrap_between_words():
    lines = table_lines(COLUMNS, ROWS, 80)
    assert lines == [
        "slug                       name              status    session  missed reports",
        "dc-community-connectivity  Dynamic           inactive  no       2023, 2024, 2025",
        "                           Coalition on",
        "                           Community",
        "                           Connectivity",
        "dc-irpc                    Internet Rights   active    yes",
        "                           and Principles",
        "                           Coalition",
    ]
    source_words = words([" ".join(COLUMNS)] + [" ".join(r) for r in ROWS])
    assert words(lines) <= source_words  # no word was folded or cut


@pytest.mark.parametrize("width", [80, 72, 64])
def test_no_line_is_wider_than_the_width_and_no_word_is_folded(width):
    lines = table_lines(COLUMNS, ROWS, width)
    assert max(len(line) for line in lines) <= width
    source_words = words([" ".join(COLUMNS)] + [" ".join(r) for r in ROWS])
    for word in words(lines) - source_words:
        assert word.endswith("…"), word  # shortened, visibly, never split across lines


def test_too_narrow_shortens_long_words_with_an_ellipsis():
    lines = table_lines(["slug", "status"], [["dc-community-connectivity", "inactive"]], 24)
    assert lines == ["slug            status", "dc-community-…  inactive"]


def test_width_comes_from_columns_and_is_unlimited_when_piped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "91")
    assert output_width() == 91
    monkeypatch.delenv("COLUMNS")
    assert output_width() is None  # pytest captures stdout: not a terminal


def test_one_vocabulary_for_cells():
    assert [cell(True), cell(False), cell(None), cell([2021, 2022])] == [
        "yes",
        "no",
        "",
        "2021; 2022",
    ]
