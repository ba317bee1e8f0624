"""The fake refuses what Discord refuses: every documented size limit, on every route
a bot speaks through, answered ``400 Invalid Form Body`` (code 50035) naming the field.

Each limit is tried at its bound (accepted) and one past it (refused), over raw HTTP so
nothing in a client library trims or checks the body first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from tests.fakes.discord_server import FakeDiscord

GUILD = 200_000_000_000 << 22
GENERAL, ALICE = 101, 11
Json = dict[str, Any]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    server.add_guild(GUILD, "maintainers")
    server.add_channel(GUILD, GENERAL, "general")
    server.add_member(GUILD, ALICE, "alice")
    async with server:
        yield server


async def call(fake: FakeDiscord, method: str, path: str, body: Any) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, fake.api_base + path, json=body, headers=headers) as answer,
    ):
        return answer.status, await answer.json() if answer.status != 204 else None


def refused_at(status: int, answer: Json, *path: str) -> list[Json]:
    """The ``_errors`` Discord lists for the field at ``path``."""
    assert status == 400, answer
    assert (answer["code"], answer["message"]) == (50035, "Invalid Form Body")
    node = answer["errors"]
    for part in path:
        assert part in node, (path, answer["errors"])
        node = node[part]
    return list(node["_errors"])


# -- bodies at a limit, and one past it ----------------------------------------------


def embed(**fields: Any) -> Json:
    return {"type": "rich", **fields}


def field(name: str = "n", value: str = "v") -> Json:
    return {"name": name, "value": value, "inline": False}


def button(label: str = "ok", custom_id: str = "b") -> Json:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def row(*items: Json) -> Json:
    return {"type": 1, "components": list(items)}


def select(options: list[Json], custom_id: str = "s") -> Json:
    return {"type": 3, "custom_id": custom_id, "options": options}


def option(label: str = "a", value: str = "a") -> Json:
    return {"label": label, "value": value}


def x(n: int) -> str:
    return "x" * n


# name: (body built for size n, the limit n, where the error is named)
LIMITS: dict[str, tuple[Callable[[int], Json], int, tuple[str, ...]]] = {
    "content": (lambda n: {"content": x(n)}, 2000, ("content",)),
    "embeds": (lambda n: {"embeds": [embed(title="t")] * n}, 10, ("embeds",)),
    "embed title": (lambda n: {"embeds": [embed(title=x(n))]}, 256, ("embeds", "0", "title")),
    "embed description": (
        lambda n: {"embeds": [embed(description=x(n))]},
        4096,
        ("embeds", "0", "description"),
    ),
    "embed fields": (
        lambda n: {"embeds": [embed(fields=[field()] * n)]},
        25,
        ("embeds", "0", "fields"),
    ),
    "field name": (
        lambda n: {"embeds": [embed(fields=[field(name=x(n))])]},
        256,
        ("embeds", "0", "fields", "0", "name"),
    ),
    "field value": (
        lambda n: {"embeds": [embed(fields=[field(value=x(n))])]},
        1024,
        ("embeds", "0", "fields", "0", "value"),
    ),
    "footer text": (
        lambda n: {"embeds": [embed(footer={"text": x(n)})]},
        2048,
        ("embeds", "0", "footer", "text"),
    ),
    "author name": (
        lambda n: {"embeds": [embed(author={"name": x(n)})]},
        256,
        ("embeds", "0", "author", "name"),
    ),
    "all embeds together": (
        lambda n: {"embeds": [embed(description=x(3000)), embed(description=x(n - 3000))]},
        6000,
        ("embeds",),
    ),
    "action rows": (lambda n: {"components": [row(button())] * n}, 5, ("components",)),
    "buttons in a row": (
        lambda n: {"components": [row(*[button(custom_id=f"b{i}") for i in range(n)])]},
        5,
        ("components", "0", "components"),
    ),
    "button label": (
        lambda n: {"components": [row(button(label=x(n)))]},
        80,
        ("components", "0", "components", "0", "label"),
    ),
    "custom id": (
        lambda n: {"components": [row(button(custom_id=x(n)))]},
        100,
        ("components", "0", "components", "0", "custom_id"),
    ),
    "select options": (
        lambda n: {"components": [row(select([option(value=f"v{i}") for i in range(n)]))]},
        25,
        ("components", "0", "components", "0", "options"),
    ),
    "option label": (
        lambda n: {"components": [row(select([option(label=x(n))]))]},
        100,
        ("components", "0", "components", "0", "options", "0", "label"),
    ),
    "option value": (
        lambda n: {"components": [row(select([option(value=x(n))]))]},
        100,
        ("components", "0", "components", "0", "options", "0", "value"),
    ),
}


@pytest.mark.parametrize("name", LIMITS)
async def test_each_message_limit_holds_at_its_bound_and_breaks_past_it(
    fake: FakeDiscord, name: str
) -> None:
    body_of, limit, where = LIMITS[name]
    status, answer = await call(fake, "POST", f"/channels/{GENERAL}/messages", body_of(limit))
    assert status == 200, answer
    status, answer = await call(fake, "POST", f"/channels/{GENERAL}/messages", body_of(limit + 1))
    assert refused_at(status, answer, *where)
    assert len(fake.posted_messages) == 1  # the refused one was never posted


async def test_the_total_of_all_embeds_is_its_own_error(fake: FakeDiscord) -> None:
    body_of, limit, _ = LIMITS["all embeds together"]
    status, answer = await call(fake, "POST", f"/channels/{GENERAL}/messages", body_of(limit + 1))
    [error] = refused_at(status, answer, "embeds")
    assert error["code"] == "MAX_EMBED_SIZE_EXCEEDED"


async def test_every_broken_limit_is_named_at_once(fake: FakeDiscord) -> None:
    body = {"content": x(2001), "embeds": [embed(title=x(300), fields=[field(value=x(2000))])]}
    status, answer = await call(fake, "POST", f"/channels/{GENERAL}/messages", body)
    assert refused_at(status, answer, "content")
    assert refused_at(status, answer, "embeds", "0", "title")
    assert refused_at(status, answer, "embeds", "0", "fields", "0", "value")


# -- every route the bot speaks through ------------------------------------------------


async def interaction(fake: FakeDiscord, *, kind: int = 2, message_id: int | None = None) -> Json:
    payload: Json = {"type": kind, "channel_id": GENERAL, "user_id": ALICE}
    payload["data"] = {"name": "similar"} if kind in (2, 4) else {"custom_id": "b"}
    if message_id is not None:
        payload["message_id"] = message_id
    return await fake.send_interaction(payload)


def callback(sent: Json) -> str:
    return f"/interactions/{sent['id']}/{sent['token']}/callback"


def webhook(sent: Json, tail: str = "") -> str:
    return f"/webhooks/{fake_app(sent)}/{sent['token']}{tail}"


def fake_app(sent: Json) -> str:
    return str(sent["application_id"])


async def test_a_message_edit_is_held_to_the_same_limits(fake: FakeDiscord) -> None:
    status, posted = await call(fake, "POST", f"/channels/{GENERAL}/messages", {"content": "hi"})
    path = f"/channels/{GENERAL}/messages/{posted['id']}"
    status, answer = await call(fake, "PATCH", path, {"embeds": [embed(description=x(4097))]})
    assert refused_at(status, answer, "embeds", "0", "description")
    assert fake.history(GENERAL)[-1]["embeds"] == []


async def test_an_interaction_reply_over_a_limit_is_refused_and_acknowledges_nothing(
    fake: FakeDiscord,
) -> None:
    sent = await interaction(fake)
    over = {"type": 4, "data": {"content": x(2001), "flags": 64}}
    status, answer = await call(fake, "POST", callback(sent), over)
    assert refused_at(status, answer, "data", "content")
    assert fake.interaction_responses(sent["id"]) == []
    status, _ = await call(fake, "POST", callback(sent), {"type": 4, "data": {"content": x(2000)}})
    assert status == 204  # still unanswered, so a fitting reply is taken


async def test_an_update_of_the_pressed_message_is_held_to_the_limits(fake: FakeDiscord) -> None:
    message = await fake.send_message(GENERAL, ALICE, "press me")
    sent = await interaction(fake, kind=3, message_id=int(message["id"]))
    over = {"type": 7, "data": {"components": [row(button(label=x(81)))]}}
    status, answer = await call(fake, "POST", callback(sent), over)
    assert refused_at(status, answer, "data", "components", "0", "components", "0", "label")


async def test_followups_and_edits_of_the_original_are_held_to_the_limits(
    fake: FakeDiscord,
) -> None:
    sent = await interaction(fake)
    status, _ = await call(fake, "POST", callback(sent), {"type": 5, "data": {}})
    assert status == 204
    status, answer = await call(fake, "POST", webhook(sent), {"content": x(2001)})
    assert refused_at(status, answer, "content")
    path = webhook(sent, "/messages/@original")
    status, answer = await call(fake, "PATCH", path, {"embeds": [embed(title=x(257))]})
    assert refused_at(status, answer, "embeds", "0", "title")
    status, _ = await call(fake, "PATCH", path, {"content": x(2000)})
    assert status == 200


def choices(n: int, name: str = "issue", value: str = "v") -> Json:
    return {"type": 8, "data": {"choices": [{"name": name, "value": value}] * n}}


AUTOCOMPLETE: dict[str, tuple[Json, Json, tuple[str, ...]]] = {
    "choices": (choices(25), choices(26), ("data", "choices")),
    "choice name": (
        choices(1, name=x(100)),
        choices(1, name=x(101)),
        ("data", "choices", "0", "name"),
    ),
    "empty choice name": (
        choices(1, name="i"),
        choices(1, name=""),
        ("data", "choices", "0", "name"),
    ),
    "choice value": (
        choices(1, value=x(100)),
        choices(1, value=x(101)),
        ("data", "choices", "0", "value"),
    ),
}


@pytest.mark.parametrize("name", AUTOCOMPLETE)
async def test_each_autocomplete_limit_holds_at_its_bound_and_breaks_past_it(
    fake: FakeDiscord, name: str
) -> None:
    fits, over, where = AUTOCOMPLETE[name]
    refused = await interaction(fake, kind=4)
    status, answer = await call(fake, "POST", callback(refused), over)
    assert refused_at(status, answer, *where)
    taken = await interaction(fake, kind=4)
    status, answer = await call(fake, "POST", callback(taken), fits)
    assert status == 204, answer
