"""Small rooms (DESIGN rule 10): no module over 300 lines, no function over 40.

Migrations are exempt: each is one revision's whole story and never changes again.
A function counts from its ``def`` to its last line (a command's decorators, which
declare its options, do not count).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "triagebot"
MODULE_LINES = 300
FUNCTION_LINES = 40
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _id(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_every_module_fits_in_one_room() -> None:
    big = [
        f"{_id(path)}: {lines} lines"
        for path in SOURCES
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MODULE_LINES
    ]
    assert not big, "split by concern: " + ", ".join(big)


def test_every_function_fits_on_a_screen() -> None:
    long = [
        f"{_id(path)}:{node.name} ({length} lines)"
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > FUNCTION_LINES
    ]
    assert not long, ", ".join(long)

