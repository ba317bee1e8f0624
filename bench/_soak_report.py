"""The soak bench's output: the table, the JSON and a hand-written SVG chart."""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path
from typing import Any

COLUMNS = (
    ("minute", 6),
    ("sent", 8),
    ("stored", 8),
    ("queue", 6),
    ("p50 ms", 8),
    ("p99 ms", 8),
    ("RSS MB", 7),
    ("spam", 5),
)
CACHE_KEYS = ("wave_live", "wave_slots", "first_msgs", "index_vectors", "dpy_messages", "tasks")


def header() -> str:
    names = [f"{name:>{width}}" for name, width in COLUMNS]
    return " ".join(names) + "  caches (" + ", ".join(CACHE_KEYS) + ")"


def row(sample: dict[str, Any]) -> str:
    values = (
        f"{sample['minute']:.1f}",
        sample["sent"],
        sample["stored"],
        sample["queue"],
        "-" if sample["p50_ms"] is None else sample["p50_ms"],
        "-" if sample["p99_ms"] is None else sample["p99_ms"],
        sample["rss_mb"],
        sample["incidents"],
    )
    cells = [f"{value!s:>{width}}" for value, (_, width) in zip(values, COLUMNS, strict=True)]
    caches = sample["caches"]
    return " ".join(cells) + "  " + " ".join(str(caches.get(k, "-")) for k in CACHE_KEYS)


def write_json(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")


# -- the chart ---------------------------------------------------------------------

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 64, 40, 48
RSS_COLOUR, LAG_COLOUR = "#1f6fb4", "#d9661f"


def _nice_step(span: float) -> float:
    """A round step that cuts ``span`` into about five parts."""
    step = 1.0
    while step * 10 < span:
        step *= 10
    while step > span and step > 1e-9:
        step /= 10
    for factor in (0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0):
        if step * factor * 5 >= span:
            return step * factor
    return step * 10


def _span(values: list[float], *, floor: bool) -> tuple[float, float]:
    """Round axis ends around ``values``; from zero unless ``floor`` lets it start higher."""
    high = max(values, default=1.0)
    low = min(values, default=0.0) if floor else 0.0
    step = _nice_step(max(high - low, 1.0) * 1.1)
    low = math.floor(low / step) * step if floor else 0.0
    return low, max(low + step, math.ceil(high / step) * step)


def _points(xs: list[float], ys: list[float], x_top: float, y: tuple[float, float]) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = y
    return " ".join(
        f"{LEFT + plot_w * x / x_top:.1f},{TOP + plot_h * (1 - (v - low) / (high - low)):.1f}"
        for x, v in zip(xs, ys, strict=True)
    )


def _axes(x_top: float, rss: tuple[float, float], lag: tuple[float, float]) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888"/>'
    ]
    for n in range(6):
        y = TOP + plot_h * (1 - n / 5)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#eee"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{RSS_COLOUR}">{rss[0] + (rss[1] - rss[0]) * n / 5:g}</text>'
        )
        out.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" '
            f'fill="{LAG_COLOUR}">{lag[0] + (lag[1] - lag[0]) * n / 5:g}</text>'
        )
    for n in range(6):
        x = LEFT + plot_w * n / 5
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
            f"{x_top * n / 5:g}</text>"
        )
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 10}" text-anchor="middle">minutes</text>')
    return out


def write_svg(path: Path, samples: list[dict[str, Any]], title: str) -> None:
    """RSS (left axis) and p99 send→commit lag (right axis) against minutes."""
    xs = [float(s["minute"]) for s in samples]
    rss = [float(s["rss_mb"]) for s in samples]
    timed = [(float(s["minute"]), float(s["p99_ms"])) for s in samples if s["p99_ms"] is not None]
    x_top = _span(xs, floor=False)[1]
    rss_axis = _span(rss, floor=True)
    lag_axis = _span([y for _, y in timed], floor=False)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="14">{escape(title)}</text>',
        *_axes(x_top, rss_axis, lag_axis),
        f'<polyline fill="none" stroke="{RSS_COLOUR}" stroke-width="2" '
        f'points="{_points(xs, rss, x_top, rss_axis)}"/>',
        f'<polyline fill="none" stroke="{LAG_COLOUR}" stroke-width="2" '
        f'points="{_points([t for t, _ in timed], [y for _, y in timed], x_top, lag_axis)}"/>',
        f'<text x="{LEFT + 8}" y="{TOP + 16}" fill="{RSS_COLOUR}">RSS MB (left)</text>',
        f'<text x="{WIDTH - RIGHT - 8}" y="{TOP + 16}" text-anchor="end" '
        f'fill="{LAG_COLOUR}">p99 send→commit ms (right)</text>',
        "</svg>",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
