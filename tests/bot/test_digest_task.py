"""The daily digest in the running bot: posted once a day (a restart neither skips
nor repeats it), buttons that record maintainers' verdicts, and ``/digest``.

Yesterday's messages are stored directly (with their vectors, by the real model);
the digest time is set to "in a second" or to midnight (already passed) so that the
schedule or the catch-up posts within the test.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.bot.harness import GUILD, RunningBot
from tests.bot.harness_issues import button, eventually, interact, no_pings, slash
from tests.conftest import HELP, THREAD, chat
from tests.fakes import discord_routes
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.digest_task import DigestTask
from triagebot.config import PipelineSettings
from triagebot.core.messages import Author, MessageDeleted
from triagebot.core.snowflake import snowflake_at
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.digests import digest_of
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.models import DigestFeedbackRow, MessageRow
from triagebot.triage.digests import DigestFeatures
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.stages.embed import EmbedStage

DIGESTS = 160
MAINTAINER, STRANGER = 800_000_000_000_000_070, 800_000_000_000_000_071
MAINTAINERS = GUILD + 78
MANAGE_MESSAGES = 1 << 13
EPHEMERAL = 1 << 6
MIDNIGHT = time(0, 0)  # today's time has always passed: a start catches up
REPORTS = [
    "The app crashes on startup after updating to 2.3, segfault in the renderer",
    "Same here: since 2.3 it segfaults in the renderer right at startup",
    "2.3 crashes at launch for me too, renderer segmentation fault",
    "after the 2.3 update the renderer crashes with a segfault when starting",
    "startup crash in 2.3, segfault in renderer, had to downgrade",
]


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    fake.add_channel(GUILD, DIGESTS, "maintainers")
    fake.add_role(GUILD, MAINTAINERS, "maintainers", permissions=MANAGE_MESSAGES)
    fake.add_member(GUILD, MAINTAINER, "maya", roles=[MAINTAINERS])
    fake.add_member(GUILD, STRANGER, "sam")
    return fake


def seed(sessions: SessionFactory, embedder: SentenceEmbedder, at: datetime) -> None:
    """Five people reporting one crash around ``at``."""
    messages = []
    for n, text in enumerate(REPORTS, 1):
        created = at + timedelta(seconds=n)
        author = Author(id=800_000_000_000_000_100 + n, name=f"user{n}")
        channel = THREAD if n % 2 else HELP
        messages.append(
            chat(
                n,
                text,
                author=author,
                channel=channel,
                id=snowflake_at(created) + n,
                created_at=created,
            )
        )
    Pipeline(sessions, PipelineSettings(), [EmbedStage(embedder)]).process_all(messages)


def yesterday_noon() -> datetime:
    return datetime.combine(datetime.now(UTC).date() - timedelta(days=1), time(12), UTC)


def running(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder, at: time
) -> RunningBot:
    features = DigestFeatures(channel_id=DIGESTS, at=at, model_id=embedder.model_id)
    return RunningBot(world, sessions, digest=features)


def task_of(bot: RunningBot) -> DigestTask:
    cog = bot.bot.get_cog("DigestTask")
    assert isinstance(cog, DigestTask)
    return cog


async def started(bot: RunningBot) -> RunningBot:
    """Started, and past the catch-up (the loop has scheduled its next run)."""
    await bot.start()
    task = task_of(bot)
    await eventually(lambda: task.loop.next_iteration is not None)
    return bot


def digests(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) == DIGESTS]


def feedback(sessions: SessionFactory) -> list[tuple[str, str, int]]:
    with sessions() as session:
        rows = session.scalars(select(DigestFeedbackRow).order_by(DigestFeedbackRow.id))
        return [(r.key, r.action, r.user_id) for r in rows]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


async def test_the_digest_is_posted_on_schedule_once_and_not_again_after_a_restart(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    seed(sessions, embedder, yesterday_noon())
    soon = (datetime.now(UTC) + timedelta(seconds=1)).time().replace(tzinfo=None)
    bot = await running(world, sessions, embedder, soon).start()
    await eventually(lambda: len(digests(world)) == 1, timeout=5)
    await bot.stop()
    posted = digests(world)[0]
    no_pings(posted)
    assert posted["allowed_mentions"]["parse"] == []
    assert posted["content"].startswith("**Top 1 for ")
    assert "5 people" in posted["content"]
    ids = custom_ids(posted)
    # an item with no issue yet can be filed as one (``file_issue``)
    assert [i.split(":")[2] for i in ids] == ["done", "snooze", "not_relevant", "file"]
    assert all(len(i) <= 100 and i.startswith("triagebot:digest:") for i in ids)
    with sessions() as session:
        row = digest_of(session, yesterday_noon().date())
        assert row is not None and row.posted_at is not None
        assert row.message_id == int(posted["message_id"])

    again = await started(running(world, sessions, embedder, MIDNIGHT))
    await again.stop()
    assert len(digests(world)) == 1


async def test_a_restart_after_a_missed_schedule_posts_it(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    seed(sessions, embedder, yesterday_noon())
    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    task = task_of(bot)
    await bot.stop()
    assert len(digests(world)) == 1
    assert task.posted == 1


async def test_a_crash_between_posting_and_marking_does_not_post_the_day_again(
    world: FakeDiscord,
    sessions: SessionFactory,
    embedder: SentenceEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(sessions, embedder, yesterday_noon())
    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    await bot.stop()
    (posted,) = digests(world)
    with sessions() as session, session.begin():  # killed right after Discord took it
        row = digest_of(session, yesterday_noon().date())
        assert row is not None
        row.posted_at = row.message_id = row.channel_id = None
    # Back hours later: Discord has long forgotten the nonce.
    monkeypatch.setattr(discord_routes, "NONCE_MEMORY_SECONDS", 0.0)

    again = await started(running(world, sessions, embedder, MIDNIGHT))
    task = task_of(again)
    await again.stop()
    assert digests(world) == [posted] and task.posted == 0
    with sessions() as session:
        row = digest_of(session, yesterday_noon().date())
        assert row is not None and row.posted_at is not None
        assert row.message_id == int(posted["message_id"])


async def test_a_posted_digest_loses_the_words_of_messages_deleted_later(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    seed(sessions, embedder, yesterday_noon())
    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    (posted,) = digests(world)
    assert "segfault" in posted["content"]
    with sessions() as session, session.begin():  # every report deleted by its author
        ids = list(session.scalars(select(MessageRow.id)))
        store_events(session, [MessageDeleted(id=i, channel_id=HELP.id) for i in ids])
    edited = await task_of(bot).refresh_posts()
    again = await task_of(bot).refresh_posts()
    await bot.stop()
    shown = world.world.message(DIGESTS, int(posted["message_id"]))
    assert shown is not None and (edited, again) == (1, 0)
    assert "segfault" not in shown.content and "[removed]" in shown.content
    assert "5 people" in shown.content and shown.components  # counts and buttons stay


async def test_a_quiet_day_posts_one_line_without_buttons(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    await bot.stop()
    (posted,) = digests(world)
    assert "quiet day" in posted["content"] and not custom_ids(posted)
    no_pings(posted)


async def test_buttons_record_feedback_for_maintainers_only_even_after_a_restart(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    seed(sessions, embedder, yesterday_noon())
    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    posted = digests(world)[0]
    message_id = int(posted["message_id"])
    done, snooze, irrelevant, filing = custom_ids(posted)
    key = done.split(":", 3)[3]

    _, refused = await interact(world, button(DIGESTS, STRANGER, message_id, done))
    assert refused["type"] == 4 and refused["data"]["flags"] == EPHEMERAL
    no_pings(refused)
    assert feedback(sessions) == []

    sent, answer = await interact(world, button(DIGESTS, MAINTAINER, message_id, done))
    assert answer["type"] == 7  # the digest now says who did what
    assert custom_ids(answer["data"]) == [done, snooze, irrelevant, filing]  # all still live
    labels = [c["label"] for row in answer["data"]["components"] for c in row["components"]]
    assert labels == ["1 · Done — maya", "1 · Snooze 7 days", "1 · Not relevant", "File issue"]
    await eventually(lambda: bool(world.interaction_followups(sent["id"])))
    (private,) = world.interaction_followups(sent["id"])
    assert private["flags"] == EPHEMERAL and "done" in private["content"]
    await bot.stop()

    bot = await started(running(world, sessions, embedder, MIDNIGHT))
    for custom in (snooze, irrelevant):
        _, answer = await interact(world, button(DIGESTS, MAINTAINER, message_id, custom))
        assert answer["type"] == 7
    await bot.stop()
    assert feedback(sessions) == [
        (key, "done", MAINTAINER),
        (key, "snooze", MAINTAINER),
        (key, "not_relevant", MAINTAINER),
    ]


async def test_slash_digest_answers_privately_and_only_maintainers(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    now = datetime.now(UTC)
    since_midnight = now - datetime.combine(now.date(), time(0), UTC)
    seed(sessions, embedder, now - min(timedelta(minutes=10), since_midnight / 2))
    bot = await started(running(world, sessions, embedder, MIDNIGHT))

    _, refused = await interact(world, slash(DIGESTS, STRANGER, "digest"))
    assert refused["type"] == 4 and refused["data"]["flags"] == EPHEMERAL
    no_pings(refused)

    sent, answer = await interact(world, slash(DIGESTS, MAINTAINER, "digest"))
    assert answer["type"] == 5 and answer["data"]["flags"] == EPHEMERAL
    await eventually(lambda: bool(world.interaction_followups(sent["id"])))
    await bot.stop()
    (reply,) = world.interaction_followups(sent["id"])
    no_pings(reply)
    assert reply["content"].startswith("**Top 1 for ") and "5 people" in reply["content"]
    with sessions() as session:  # computed on demand, not stored
        assert digest_of(session, now.date()) is None
