"""Duplicate hints: "This looks like #123" under a message that matches an open issue.

A pipeline listener: the match stage has already decided (threshold, rejections);
this only decides *where* the bot may speak. Only in the channels of
``MATCH_HINT_CHANNEL_IDS`` (threads follow their parent), at most once per thread
(once per issue in a plain channel), and never about a message older than two days
(a catch-up after downtime must not answer week-old questions).

Anyone may press "Not related": the verdict is stored (the pair is never suggested
there again) and the hint says who overruled it. The button's state lives in its
``custom_id``, so it keeps working after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from triagebot.bot import wording
from triagebot.bot.wording import NO_PINGS
from triagebot.core.matching import Candidate
from triagebot.core.messages import ChatMessage
from triagebot.pipeline import Batch
from triagebot.store.engine import SessionFactory
from triagebot.store.links import IssueInfo, claim_hint, finish_hint, issue_infos
from triagebot.store.matches import reject

log = logging.getLogger(__name__)

MAX_AGE = timedelta(days=2)


class NotRelatedButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"triagebot:notrelated:(?P<place>[0-9]+):(?P<issue>[0-9]+)",
):
    def __init__(self, place_id: int, issue_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Not related",
                style=discord.ButtonStyle.secondary,
                custom_id=f"triagebot:notrelated:{place_id}:{issue_id}",
            )
        )
        self.place_id = place_id
        self.issue_id = issue_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> NotRelatedButton:
        return cls(int(match["place"]), int(match["issue"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        poster = getattr(interaction.client, "hint_poster", None)
        if isinstance(poster, HintPoster):
            await poster.not_related(interaction, self.place_id, self.issue_id)


class HintPoster:
    def __init__(
        self,
        bot: discord.Client,
        sessions: SessionFactory,
        channel_ids: Collection[int],
        threshold: float = 0.0,
    ) -> None:
        self.bot = bot
        self.threshold = threshold
        self.sessions = sessions
        self.channel_ids = frozenset(channel_ids)
        self.posted = 0

    def wanted(self, message: ChatMessage, candidate: Candidate, now: datetime) -> bool:
        """In a hint channel, recent, and sure enough to say out loud."""
        if candidate.score < self.threshold:
            return False
        where = {message.channel.id, message.channel.parent_id}
        return bool(where & self.channel_ids) and now - message.created_at <= MAX_AGE

    async def on_batch(self, batch: Batch) -> None:
        """The pipeline listener: one hint per eligible match, in message order."""
        if not self.channel_ids or not batch.matches:
            return
        now = datetime.now(UTC)
        messages = {m.id: m for m in batch.stored_messages()}
        for message_id in sorted(batch.matches):
            message = messages.get(message_id)
            candidate = batch.matches[message_id]
            if message is not None and self.wanted(message, candidate, now):
                await self._hint(message, candidate)

    async def _hint(self, message: ChatMessage, candidate: Candidate) -> None:
        place = message.thread_id or message.channel.id
        issue_id = candidate.issue.key
        in_thread = message.thread_id is not None
        info = await asyncio.to_thread(self._claim, place, issue_id, in_thread)
        if info is None:
            return
        channel = self.bot.get_partial_messageable(place, guild_id=message.guild.id)
        view = discord.ui.View(timeout=None)
        view.add_item(NotRelatedButton(place, issue_id))
        reference = None
        if not in_thread:  # in a busy channel, say which message the hint is about
            reference = discord.MessageReference(
                message_id=message.id, channel_id=message.channel.id, fail_if_not_exists=False
            )
        try:
            sent = await channel.send(
                wording.hint(candidate, info.url),
                view=view,
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=NO_PINGS,
                mention_author=False,
            )
        except Exception as exc:
            # Unclaim whatever went wrong (Discord refused, or the bot is closing), so
            # a later match may still get its one hint.
            await asyncio.to_thread(self._finish, place, issue_id, None)
            if not isinstance(exc, discord.HTTPException):
                raise
            log.warning("could not post a hint in %d: %s", place, exc)
            return
        self.posted += 1
        await asyncio.to_thread(self._finish, place, issue_id, sent.id)

    def _claim(self, place: int, issue_id: int, in_thread: bool) -> IssueInfo | None:
        with self.sessions() as session, session.begin():
            info = issue_infos(session, [issue_id]).get(issue_id)
            if info is None or not claim_hint(session, place, issue_id, once_per_place=in_thread):
                return None
            return info

    def _finish(self, place: int, issue_id: int, message_id: int | None) -> None:
        with self.sessions() as session, session.begin():
            finish_hint(session, place, issue_id, message_id)

    async def not_related(
        self, interaction: discord.Interaction[Any], place_id: int, issue_id: int
    ) -> None:
        """Remember the verdict, then turn the hint into a record of it."""
        info = await asyncio.to_thread(self._reject, place_id, issue_id, interaction.user.id)
        await interaction.response.edit_message(
            content=wording.hint_rejected(info, interaction.user.display_name),
            view=None,
            allowed_mentions=NO_PINGS,
        )

    def _reject(self, place_id: int, issue_id: int, user_id: int) -> IssueInfo | None:
        with self.sessions() as session, session.begin():
            info = issue_infos(session, [issue_id]).get(issue_id)
            if info is not None:  # the issue may have been deleted since
                reject(session, place_id, issue_id, user_id)
            return info
