"""Tiny inline SVG bar charts: the report must open anywhere, with no script or CDN."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape


def bars(
    series: Sequence[tuple[date, int]],
    *,
    width: int = 320,
    height: int = 60,
    colour: str = "#5865f2",
) -> str:
    """A bar per day, labelled with its value on hover."""
    if not series:
        return '<svg width="0" height="0"></svg>'
    peak = max(v for _, v in series) or 1
    step = width / len(series)
    rects = []
    for n, (day, value) in enumerate(series):
        h = max(1.0, (height - 12) * value / peak) if value else 0.0
        x, y = n * step + 1, height - h
        rects.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(day.isoformat())}: {value}</title></rect>'
        )
    return (
        f'<svg width="{width}" height="{height}" role="img" '
        f'viewBox="0 0 {width} {height}">{"".join(rects)}</svg>'
    )
