"""Small inline SVG bar charts: the report must open anywhere, with no script or CDN.

Every chart of a report spans the same period, the report's, so charts can be
compared by eye: the same first and last day under each, a bar per day (zeros
included), and the tallest bar's value written against a labelled vertical axis.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

LEFT, BOTTOM, TOP = 30, 16, 12  # room for the axis' numbers, the dates, the axis label
DAY_LABEL = "%d %b"


@dataclass(frozen=True)
class Period:
    """The report's days, first to last, both included."""

    first: date
    last: date

    def days(self) -> Iterator[date]:
        for n in range((self.last - self.first).days + 1):
            yield self.first + timedelta(days=n)


def daily(counts: Mapping[date, int], period: Period) -> list[tuple[date, int]]:
    """One (day, count) per day of ``period``, zeros included; other days are left out."""
    return [(day, counts.get(day, 0)) for day in period.days()]


def bars(
    series: Sequence[tuple[date, int]],
    *,
    label: str,
    width: int = 320,
    height: int = 80,
    colour: str = "#5865f2",
) -> str:
    """A bar per day of ``series`` (from ``daily``), each with its day and value on
    hover; ``label`` names what is counted (the vertical axis)."""
    if not series:
        return '<svg width="0" height="0"></svg>'
    peak = max(v for _, v in series)
    plot_w, plot_h = width - LEFT, height - BOTTOM - TOP
    step = plot_w / len(series)
    rects = []
    for n, (day, count) in enumerate(series):
        h = max(1.0, plot_h * count / peak) if count else 0.0
        x, y = LEFT + n * step + 1, TOP + plot_h - h
        rects.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{day:%a %d %b}: {count} {escape(label)}</title></rect>'
        )
    return (
        f'<svg class="chart" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)} per day" viewBox="0 0 {width} {height}">'
        + _axes(series, label, peak, width, height)
        + "".join(rects)
        + "</svg>"
    )


def _axes(
    series: Sequence[tuple[date, int]], label: str, peak: int, width: int, height: int
) -> str:
    """The vertical axis with 0, the peak and ``label``; the first, middle and last
    days under the bars."""
    base = height - BOTTOM
    days: list[tuple[str, date, float, str]] = [
        ("first", series[0][0], LEFT, "start"),
        ("last", series[-1][0], width, "end"),
    ]
    if len(series) >= 7:
        middle = len(series) // 2
        x = LEFT + (middle + 0.5) * (width - LEFT) / len(series)
        days.insert(1, ("middle", series[middle][0], x, "middle"))
    ticks = "".join(
        f'<text class="day {name}" x="{x:.1f}" y="{height - 3}" text-anchor="{anchor}">'
        f"{day:{DAY_LABEL}}</text>"
        for name, day, x, anchor in days
    )
    return (
        f'<g class="axes" font-size="10" fill="#777">'
        f'<line x1="{LEFT - 2}" y1="{TOP}" x2="{LEFT - 2}" y2="{base}" stroke="#ccc"/>'
        f'<line x1="{LEFT - 2}" y1="{base}" x2="{width}" y2="{base}" stroke="#ccc"/>'
        f'<text class="peak" x="{LEFT - 5}" y="{TOP + 8}" text-anchor="end">{peak}</text>'
        f'<text x="{LEFT - 5}" y="{base}" text-anchor="end">0</text>'
        f'<text class="label" x="{LEFT}" y="{TOP - 3}">{escape(label)}</text>'
        f"{ticks}</g>"
    )
