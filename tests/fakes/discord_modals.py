"""The modal response (interaction callback type 9), checked as Discord checks it.

A classic modal: ``custom_id`` (1–100) and ``title`` (1–45), then one to five action
rows, each holding exactly one text input (type 4: ``custom_id`` 1–100, ``style`` 1
short or 2 paragraph, ``label`` 1–45, ``value`` up to 4,000 and within the input's
own ``min_length``/``max_length``, ``placeholder`` up to 100, ``min_length`` 0–4,000,
``max_length`` 1–4,000). Anything else is refused whole with 400 Invalid Form Body,
naming the fields, like the other limits in ``discord_limits``. A modal cannot answer
an autocomplete or another modal's submit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.fakes.discord_limits import Path, Problem, _items, _length, _too_long
from tests.fakes.discord_state import Json

TITLE, LABEL, VALUE, PLACEHOLDER, CUSTOM_ID, ROWS = 45, 45, 4000, 100, 100, 5
MODAL_SUBMIT = 5


def _number(path: Path, value: Any, low: int, high: int) -> Iterator[Problem]:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        yield path, "NUMBER_TYPE_MAX", f"int value should be between {low} and {high}."


def _input_problems(item: Json, at: Path) -> Iterator[Problem]:
    if item.get("type") != 4:
        yield (*at, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be 4.'
        return
    yield from _length((*at, "custom_id"), item.get("custom_id"), 1, CUSTOM_ID)
    if item.get("style") not in (1, 2):
        yield (*at, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}."
    yield from _length((*at, "label"), item.get("label"), 1, LABEL)
    yield from _too_long((*at, "placeholder"), item.get("placeholder"), PLACEHOLDER)
    yield from _number((*at, "min_length"), item.get("min_length"), 0, VALUE)
    yield from _number((*at, "max_length"), item.get("max_length"), 1, VALUE)
    value = item.get("value")
    if value is not None:
        high = item.get("max_length") if isinstance(item.get("max_length"), int) else VALUE
        low = item.get("min_length") if isinstance(item.get("min_length"), int) else 0
        yield from _length((*at, "value"), value, low, min(high, VALUE))


def modal_problems(data: Json, at: Path = ("data",)) -> list[Problem]:
    """Every rule a modal (``data`` of a type 9 callback) breaks."""
    problems = list(_length((*at, "custom_id"), data.get("custom_id"), 1, CUSTOM_ID))
    problems += _length((*at, "title"), data.get("title"), 1, TITLE)
    rows = _items(data.get("components"))
    problems += _length((*at, "components"), rows, 1, ROWS)
    for n, found in enumerate(rows):
        row = found if isinstance(found, dict) else {}
        where = (*at, "components", str(n))
        children = _items(row.get("components"))
        if row.get("type") != 1 or len(children) != 1:
            problems.append((where, "COMPONENT_LAYOUT", "An action row holds one text input."))
            continue
        child = children[0] if isinstance(children[0], dict) else {}
        problems += _input_problems(child, (*where, "components", "0"))
    return problems


def submit_data(custom_id: str, values: dict[str, str]) -> Json:
    """The ``data`` of a MODAL_SUBMIT interaction as Discord sends it: one action row
    per submitted text input, each with its ``custom_id`` and ``value``."""
    return {
        "custom_id": custom_id,
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ],
    }
