"""Tables that fit the screen: one line per row, words cut with "…", numbers whole.

Left to itself, rich shares an 80-column screen out by wrapping every cell, so a row
with a long issue title took four or five lines, and text cut by hand (``title[:50]``)
ended without a sign that anything was missing. Here the columns say what they hold:

- ``words``: titles, reasons, names. One line per row; when the table is wider than
  the screen these columns share whatever the others leave (the widest gives way
  first), and text that does not fit ends in "…".
- ``prose``: a sentence that must be read whole (a failing check's reason): it wraps.
- ``number`` and ``value``: counts, scores, dates, durations. Always shown whole
  (only a header of several words may wrap); numbers are right-aligned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Column, Table

# Wide enough to measure any table at its natural width.
_UNBOUNDED = 100_000


@dataclass
class Words(Column):
    """A column of text that gives way when the table is wider than the screen;
    ``share`` is its part of the room, against the table's other ``words`` columns."""

    share: int = 1


def words(header: str, *, share: int = 1) -> Words:
    """A text column: one line per row, cut with "…" when space is short."""
    return Words(header, no_wrap=True, overflow="ellipsis", share=share)


class Prose(Column):
    """A column of sentences that must be read whole: it wraps instead."""


def prose(header: str) -> Prose:
    """A text column that wraps rather than cuts (a failing check's reason says what
    to fix); while a table has one, it takes the shortfall and ``words`` stay whole."""
    return Prose(header)


def number(header: str) -> Column:
    """A right-aligned column of numbers, never cut."""
    return Column(header, justify="right")


def value(header: str) -> Column:
    """A left-aligned column of short values (a day, a state, "3m ago"), never cut."""
    return Column(header)


class FittedTable(Table):
    """A table at its natural width when that fits the screen; else the ``words``
    columns are narrowed, the widest first, until it does."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = [c for c in self.columns if isinstance(c, Words)]
        for column in text:
            column.width = None
        wide = options.update_width(_UNBOUNDED)
        excess = Measurement.get(console, wide, self).maximum - options.max_width
        wraps = any(isinstance(c, Prose) for c in self.columns)
        if excess > 0 and text and not wraps:
            natural = [_natural_width(console, wide, column) for column in text]
            floors = [min(n, len(str(c.header))) for n, c in zip(natural, text, strict=True)]
            weights = [column.share for column in text]
            fitted = shares(natural, floors, weights, sum(natural) - excess)
            for column, width in zip(text, fitted, strict=True):
                column.width = width
        yield from super().__rich_console__(console, options)


def shares(natural: list[int], floors: list[int], weights: list[int], room: int) -> list[int]:
    """Widths that fit ``room`` when possible: a column that needs less than its part
    (by ``weights``) keeps its natural width and leaves the rest to the others; none
    goes below its floor."""
    widths = [0] * len(natural)
    order = sorted(range(len(natural)), key=lambda i: natural[i] / weights[i])
    left, weight_left = room, sum(weights)
    for index in order:
        part = left * weights[index] // weight_left
        widths[index] = max(min(natural[index], part), floors[index], 1)
        left, weight_left = left - widths[index], weight_left - weights[index]
    return widths


def _natural_width(console: Console, options: ConsoleOptions, column: Column) -> int:
    cells = [column.header, *column.cells]
    return max(Measurement.get(console, options, cell).maximum for cell in cells)


def table(title: str, *columns: Column | str, compact: bool = False) -> FittedTable:
    """A titled table of ``columns`` (a plain string is a ``value`` column);
    ``compact`` draws no frame, which leaves room for more columns on one line."""
    frame: dict[str, Any] = (
        {"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False, "collapse_padding": True}
        if compact
        else {}
    )
    return FittedTable(
        *(value(c) if isinstance(c, str) else c for c in columns),
        title=title,
        title_justify="left",
        **frame,
    )


def plain(text: str) -> str:
    """Quoted text (a title, a message) as one cell line: on one line, and shown as it
    is written; rich would otherwise read "[feature]" as markup and drop it."""
    return escape(" ".join(text.split()))
