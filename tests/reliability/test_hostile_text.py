"""The checks behind the hostile-input test, and the places hostile text is short.

The generator covers every trick; the wire audit can fail; a digest quoting hostile
messages without a model, or with hostile titles, stays harmless and postable.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from tests.bot.harness import ALICE, GENERAL, GUILD
from tests.conftest import chat
from tests.reliability.conftest import RememberingEmbedder
from tests.reliability.hostile import TRICKS, hostile_messages, live_pings
from tests.reliability.speech import Said, problems
from triagebot.bot.digest_text import MAX_MESSAGE, render
from triagebot.config import PipelineSettings
from triagebot.core.digest import Digest, DigestItem
from triagebot.core.messages import Author
from triagebot.store.engine import SessionFactory
from triagebot.triage.digest_build import DigestRequest, build_digest
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage

COUNT = 10_000


def test_the_generator_covers_every_trick_within_the_limits() -> None:
    made = hostile_messages(COUNT, ([1], [2], [3]))
    seen = Counter(trick for m in made for trick in m.tricks)
    assert set(seen) == {*TRICKS, "repost"}
    assert min(seen.values()) >= 100
    assert max(len(m.content) for m in made) == 4000
    assert all(1 <= len(m.content) <= 4000 and m.content.strip() for m in made)
    assert made == hostile_messages(COUNT, ([1], [2], [3]))  # the seed decides everything


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_digest_without_a_model_quotes_hostile_text_harmlessly(
    sessions: SessionFactory, remembering_embedder: RememberingEmbedder
) -> None:
    """The extractive summaries of a digest built with no summariser at all (the
    ``DigestFeatures`` default) are made as harmless as the model's."""
    day = datetime(2026, 11, 20, tzinfo=UTC)
    lure = "[the fix is here](https://evil.example/fix) @everyones, the build crashes on start"
    authors = [Author(800_000_000_000_000_300 + n, f"user{n}") for n in range(4)]
    messages = [
        chat(n, f"{lure} for me too {n}", author=authors[n], minutes=60 * (n + 1)) for n in range(4)
    ]
    Pipeline(sessions, PipelineSettings(), [EmbedStage(remembering_embedder)]).process_all(messages)
    request = DigestRequest(day=day.date(), model_id=remembering_embedder.model_id)
    digest = build_digest(sessions, request, summariser=None, now=day + timedelta(days=1))
    assert digest.items and digest.summaries == "extractive"
    text = render(digest, max_chars=MAX_MESSAGE)
    assert "evil.example" in text  # quoted, not dropped
    assert live_pings(text) == [], text


def test_the_audit_finds_whatever_could_ping() -> None:
    """The audit itself can fail: each of these bodies breaks rule 7 in one way."""
    safe = {"parse": []}
    bad_bodies = [
        {"content": "hello"},  # no settings: the client default would apply
        {"content": "hello", "allowed_mentions": {"parse": ["everyone"]}},
        {"content": "hi", "allowed_mentions": {"parse": [], "users": ["1"]}},
        {"content": "hi", "allowed_mentions": {"parse": [], "replied_user": True}},
        {"content": "ping @everyone", "allowed_mentions": safe},
        {"content": f"ping <@{ALICE}>", "allowed_mentions": safe},
        {"content": "ping <@&5>", "allowed_mentions": safe},
        {"content": "[free nitro](https://evil.example)", "allowed_mentions": safe},
        {"embeds": [{"description": "@here"}], "allowed_mentions": safe},
        {"embeds": [{"fields": [{"name": "why", "value": "<@1>"}]}], "allowed_mentions": safe},
    ]
    for body in bad_bodies:
        assert problems(Said("POST", "/channels/1/messages", body)), body
    fine = {
        "content": "@\u200beveryone <@\u200b1> \\[x\\](https://evil.example)",
        "embeds": [{"fields": [{"name": "authors", "value": "<@1> <@2>"}]}],
        "allowed_mentions": {"parse": [], "replied_user": False},
    }
    assert problems(Said("POST", "/channels/1/messages", fine)) == []


@pytest.mark.parametrize("summaries", ["extractive", "llm"])
def test_a_digest_of_hostile_titles_still_fits_one_discord_message(summaries: str) -> None:
    """Escaping a title can double its length; the post must still fit, or Discord
    refuses it and the day goes without its digest."""
    title = "[" * 45 + "@everyone " * 5
    items = [
        DigestItem(
            rank=n,
            key=f"topic:{n}",
            title=title,
            summary="People report: " + "\\[x\\](https://evil.example) " * 30,
            issue=None,
            issue_url=None,
            people=12_345,
            messages=67_890,
            threads=321,
            channels=9,
            score=1.0,
            breakdown={},
            links=[f"https://discord.com/channels/{GUILD}/{GENERAL}/{n}" * 2],
            new=True,
        )
        for n in range(1, 6)
    ]
    digest = Digest(datetime(2026, 11, 20).date(), datetime.now(UTC), items, summaries)
    text = render(digest, max_chars=MAX_MESSAGE)
    assert len(text) <= MAX_MESSAGE
    assert live_pings(text) == []
    assert text.count("12345 people") == 5 and text.count("<https://discord.com") == 5
