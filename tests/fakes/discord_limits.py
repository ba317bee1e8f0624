"""Discord's documented size limits on what a bot sends, checked like Discord does.

A message (create, edit, interaction response, followup, webhook edit) and an
autocomplete answer over any limit is refused whole with ``400 {"code": 50035,
"message": "Invalid Form Body", "errors": {...}}``, the ``errors`` tree naming each
field that broke a rule (``{"embeds": {"0": {"title": {"_errors": [...]}}}}``), so a
reply that would bounce off Discord bounces off the fake too.

The numbers are the ones in Discord's API reference (message resource, embed limits,
message components, application command option choices); the OpenAPI description
allows 4,000 characters of content (Nitro users) and 6,000 for a choice value, but the
reference gives a bot 2,000 and 100, and those are what Discord enforces on bots.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.fakes.discord_rest import DiscordHTTPError
from tests.fakes.discord_state import Json

CONTENT = 2000
EMBEDS = 10
EMBED_TITLE, EMBED_DESCRIPTION, EMBED_FIELDS = 256, 4096, 25
FIELD_NAME, FIELD_VALUE, FOOTER_TEXT, AUTHOR_NAME = 256, 1024, 2048, 256
EMBEDS_TOTAL = 6000  # title, description, field names and values, footer, author
ACTION_ROWS, ROW_ITEMS = 5, 5
BUTTON_LABEL, CUSTOM_ID = 80, 100
SELECT_OPTIONS, OPTION_TEXT, SELECT_PLACEHOLDER = 25, 100, 150
CHOICES, CHOICE_NAME, CHOICE_VALUE = 25, 100, 100

Path = tuple[str, ...]
Problem = tuple[Path, str, str]  # where, Discord's error code, its message


def _too_long(path: Path, value: Any, limit: int) -> Iterator[Problem]:
    if value is not None and len(value) > limit:
        yield path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."


def _length(path: Path, value: Any, low: int, high: int) -> Iterator[Problem]:
    if value is None or not low <= len(value) <= high:
        yield path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length."


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def message_problems(body: Json, at: Path = ()) -> list[Problem]:
    """Every limit a message body breaks; ``at``: where the body sits in the request
    (``("data",)`` in an interaction callback)."""
    problems = list(_too_long((*at, "content"), body.get("content"), CONTENT))
    embeds = _items(body.get("embeds"))
    problems += _too_long((*at, "embeds"), embeds, EMBEDS)
    for n, embed in enumerate(embeds):
        problems += _embed_problems(
            embed if isinstance(embed, dict) else {}, (*at, "embeds", str(n))
        )
    if sum(embed_characters(e) for e in embeds if isinstance(e, dict)) > EMBEDS_TOTAL:
        message = f"Embed size exceeds maximum size of {EMBEDS_TOTAL}"
        problems.append(((*at, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", message))
    rows = _items(body.get("components"))
    problems += _too_long((*at, "components"), rows, ACTION_ROWS)
    for n, row in enumerate(rows):
        if isinstance(row, dict):
            problems += _row_problems(row, (*at, "components", str(n)))
    return problems


def embed_characters(embed: Json) -> int:
    """The characters Discord counts towards the 6,000 of a message's embeds."""
    fields = [f for f in _items(embed.get("fields")) if isinstance(f, dict)]
    texts = [
        embed.get("title"),
        embed.get("description"),
        (embed.get("footer") or {}).get("text"),
        (embed.get("author") or {}).get("name"),
        *(f.get("name") for f in fields),
        *(f.get("value") for f in fields),
    ]
    return sum(len(str(t)) for t in texts if t)


def _embed_problems(embed: Json, at: Path) -> Iterator[Problem]:
    yield from _too_long((*at, "title"), embed.get("title"), EMBED_TITLE)
    yield from _too_long((*at, "description"), embed.get("description"), EMBED_DESCRIPTION)
    fields = _items(embed.get("fields"))
    yield from _too_long((*at, "fields"), fields, EMBED_FIELDS)
    for n, found in enumerate(fields):
        field = found if isinstance(found, dict) else {}
        yield from _too_long((*at, "fields", str(n), "name"), field.get("name"), FIELD_NAME)
        yield from _too_long((*at, "fields", str(n), "value"), field.get("value"), FIELD_VALUE)
    footer = embed.get("footer") or {}
    yield from _too_long((*at, "footer", "text"), footer.get("text"), FOOTER_TEXT)
    author = embed.get("author") or {}
    yield from _too_long((*at, "author", "name"), author.get("name"), AUTHOR_NAME)


def _row_problems(row: Json, at: Path) -> Iterator[Problem]:
    items = _items(row.get("components"))
    yield from _length((*at, "components"), items, 1, ROW_ITEMS)
    for n, found in enumerate(items):
        item = found if isinstance(found, dict) else {}
        where = (*at, "components", str(n))
        if "custom_id" in item:
            yield from _length((*where, "custom_id"), item["custom_id"], 1, CUSTOM_ID)
        if item.get("type") == 2:
            yield from _too_long((*where, "label"), item.get("label"), BUTTON_LABEL)
        elif item.get("type") == 3:
            yield from _select_problems(item, where)


def _select_problems(select: Json, at: Path) -> Iterator[Problem]:
    yield from _too_long((*at, "placeholder"), select.get("placeholder"), SELECT_PLACEHOLDER)
    options = _items(select.get("options"))
    yield from _length((*at, "options"), options, 1, SELECT_OPTIONS)
    for n, found in enumerate(options):
        option = found if isinstance(found, dict) else {}
        where = (*at, "options", str(n))
        yield from _length((*where, "label"), option.get("label"), 1, OPTION_TEXT)
        yield from _length((*where, "value"), option.get("value"), 1, OPTION_TEXT)
        yield from _too_long((*where, "description"), option.get("description"), OPTION_TEXT)


def choice_problems(data: Json, at: Path = ("data",)) -> list[Problem]:
    """Every limit an autocomplete answer (``data`` of a type 8 callback) breaks."""
    choices = _items(data.get("choices"))
    problems = list(_too_long((*at, "choices"), choices, CHOICES))
    for n, found in enumerate(choices):
        choice = found if isinstance(found, dict) else {}
        where = (*at, "choices", str(n))
        problems += _length((*where, "name"), choice.get("name"), 1, CHOICE_NAME)
        if isinstance(choice.get("value"), str):
            problems += _too_long((*where, "value"), choice["value"], CHOICE_VALUE)
    return problems


def refuse(problems: list[Problem]) -> None:
    """Answer 400 Invalid Form Body naming every problem, as Discord does; none: pass."""
    if not problems:
        return
    errors: Json = {}
    for path, code, message in problems:
        node = errors
        for part in path:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    raise DiscordHTTPError(400, 50035, "Invalid Form Body", errors)
