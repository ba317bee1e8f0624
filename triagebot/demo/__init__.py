"""The bundled sample community: a fictional project's Discord, in export format."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def export_files() -> list[Path]:
    """The sample's channel and thread exports (not the issues file)."""
    return sorted(p for p in DATA.glob("*.json") if p.name != "issues.json")


def issues_file() -> Path:
    return DATA / "issues.json"
