"""Offline evaluation on labelled data: JSONL in, predictions and metrics out.

Pure code: no click, no printing. The command line (``triagebot eval ...``) reads the
files through these functions and draws the tables; benchmarks call the same code
path, so the numbers in the README are the numbers a user gets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triagebot.errors import TriageError

# An id as the user wrote it: kept as given ("42" and 42 are different ids).
RecordId = str | int


class EvalDataError(TriageError):
    """An evaluation file cannot be read; the message names the file and line."""

    def __init__(self, path: Path, problem: str, line: int | None = None) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each non-blank line's number (from 1) and JSON object."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalDataError(path, exc.strerror or "cannot be opened") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, _parse_object(path, number, line)
        except UnicodeDecodeError:
            raise EvalDataError(path, "not UTF-8 text") from None


def _parse_object(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalDataError(path, f"not valid JSON ({exc.msg})", number) from None
    if not isinstance(value, dict):
        raise EvalDataError(path, "expected a JSON object", number)
    return value


def required_id(path: Path, number: int, record: dict[str, Any]) -> RecordId:
    """The record's ``id``: it must be there."""
    if "id" not in record:
        raise EvalDataError(path, "missing 'id'", number)
    return record_id(path, number, record["id"])


def record_id(path: Path, number: int, value: Any) -> RecordId:
    """A string or integer id; anything else (a float, a list, a bool) is refused."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    raise EvalDataError(path, f"an id must be a string or an integer, got {value!r}", number)


def required_text(path: Path, number: int, record: dict[str, Any], field: str) -> str:
    """The string in ``field``; missing or of another type is an error naming it."""
    if field not in record:
        raise EvalDataError(path, f"missing {field!r}", number)
    value = record[field]
    if not isinstance(value, str):
        raise EvalDataError(path, f"{field!r} must be a string", number)
    return value


__all__ = ["EvalDataError", "RecordId", "read_jsonl", "record_id", "required_id", "required_text"]
