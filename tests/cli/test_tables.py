"""Tables fit the screen: a row is one line, cut text ends in "…", numbers stay whole."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from rich.table import Table

from triagebot.cli import tables
from triagebot.cli.issues import demand_table
from triagebot.core.demand import Demand

LONG_TITLE = (
    "Live-reload server crashes on Windows after 0.9.2 with OSError [WinError 10038] "
    "when a file in a folder with a very long name is saved twice in one second"
)


def rendered(table: Table, width: int) -> list[str]:
    screen = io.StringIO()
    Console(file=screen, width=width, color_system=None).print(table)
    return screen.getvalue().splitlines()


def rows(lines: list[str]) -> list[str]:
    """The body rows: between the header's rule and the bottom border."""
    start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    return lines[start + 1 : -1]


def demand(number: int, title: str, people: int) -> Demand:
    per_day = {date(2026, 11, d): people for d in range(14, 22)}
    repo = "lumen-dev/lumen"
    return Demand(number, repo, number, title, "open", "", 12_345, people, 3, 4, per_day)


@pytest.mark.parametrize("width", [80, 140])
def test_a_long_title_is_cut_with_an_ellipsis_and_the_row_stays_one_line(width: int) -> None:
    lines = rendered(demand_table([demand(412, LONG_TITLE, 33), demand(7, "Short", 2)]), width)
    assert all(len(line) <= width for line in lines)
    long_row, short_row = rows(lines)
    cells = [cell.strip() for cell in long_row.strip("│").split("│")]
    assert cells[0].startswith("#412 Live-reload") and cells[0].endswith("…")
    assert cells[1:5] == ["33", "12345", "3", "4"]  # numbers whole
    assert "#7 Short" in short_row


def test_a_wider_screen_shows_more_of_the_title() -> None:
    def title_width(width: int) -> int:
        [row] = rows(rendered(demand_table([demand(412, LONG_TITLE, 33)]), width))
        return len(row.split("│")[1])

    assert title_width(80) < title_width(140)


def test_a_table_that_fits_is_left_at_its_natural_width() -> None:
    lines = rendered(demand_table([demand(7, "Short", 2)]), 200)
    assert len(lines[-1]) < 120 and "…" not in "".join(lines)


def test_quoted_text_is_shown_as_written_not_read_as_markup() -> None:
    table = tables.table("t", tables.words("title"))
    table.add_row(tables.plain("[feature] dark mode\nfor [b]everyone[/b]"))
    assert "[feature] dark mode for [b]everyone[/b]" in rows(rendered(table, 80))[0]


def test_prose_wraps_instead_of_being_cut() -> None:
    table = tables.table("checks", tables.words("check"), tables.prose("reason"))
    table.add_row("process", "no heartbeat for 10m: the process is gone or hung; " * 3)
    body = "".join(rows(rendered(table, 80)))
    assert "…" not in body and body.count("gone or hung") == 3


def test_shares_leave_narrow_columns_whole_and_cut_the_wide_ones() -> None:
    assert tables.shares([10, 100, 100], [1, 1, 1], [1, 1, 1], 110) == [10, 50, 50]
    assert tables.shares([10, 100, 100], [1, 1, 1], [1, 2, 1], 130) == [10, 80, 40]
    assert tables.shares([10, 100], [1, 30], [1, 1], 20) == [10, 30]  # a floor holds
