"""Catch-up after downtime: fetch every readable channel's history after its cursor.

Runs on every READY (start, re-identify) and RESUMED. Besides channels and active
threads it reads threads archived since the bot last read anything (a help thread
opened and auto-archived during an outage is in no active list). A channel counts as *synced*
once its history has been read to the end in this connection; until then, live
messages in it are stored but do not move its cursor, so a crash mid-catch-up can
never make the next start skip a gap. discord.py's HTTP client honours Discord's
rate-limit buckets and 429s; channels are read one after another to stay polite.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import discord
from discord.ext import commands

from triagebot.bot.convert import channel_of, chat_message, guild_of
from triagebot.config import DiscordSettings
from triagebot.core.messages import ChannelSeen, MessageDeleted, Source
from triagebot.core.snowflake import snowflake_at, snowflake_time
from triagebot.triage.cursors import ReadCursors
from triagebot.triage.pipeline import Pipeline

log = logging.getLogger(__name__)

Readable = discord.TextChannel | discord.Thread


class CatchUp:
    def __init__(
        self,
        bot: commands.AutoShardedBot,
        pipeline: Pipeline,
        cursors: ReadCursors,
        settings: DiscordSettings,
    ) -> None:
        self._bot = bot
        self._pipeline = pipeline
        self._cursors = cursors
        self._settings = settings
        self._synced: set[int] = set()
        self._task: asyncio.Task[int] | None = None
        self.runs = 0
        self.last_fetched = 0

    def is_synced(self, channel_id: int) -> bool:
        return channel_id in self._synced

    def forget_sync(self) -> None:
        """After a disconnect nothing is known to be contiguous until re-read."""
        self._synced.clear()

    def schedule(self) -> asyncio.Task[int]:
        """Start a catch-up, replacing one still running (its channels restart)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.create_task(self.run(), name="catch-up")
        return self._task

    async def stop(self) -> None:
        """Cancel a catch-up still reading, before the connection it reads through
        closes. Nothing is lost: the read cursors say how far it got, and the next
        start reads on from there."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def run(self) -> int:
        started = time.perf_counter()
        fetched = 0
        channels = 0
        async for channel, after in self._targets():
            fetched += await self._read(channel, after)
            channels += 1
        await self._pipeline.drain()
        self.runs += 1
        self.last_fetched = fetched
        log.info(
            "catch-up done: %d messages from %d channels/threads in %.1fs",
            fetched,
            channels,
            time.perf_counter() - started,
        )
        return fetched

    async def _targets(self) -> AsyncIterator[tuple[Readable, int]]:
        floor = snowflake_at(datetime.now(UTC) - timedelta(days=self._settings.backfill_days))
        for guild in self._bot.guilds:
            if not self._settings.guild_allowed(guild.id):
                continue
            listed: list[Readable] = [*guild.text_channels, *guild.threads]
            ids = [c.id for c in listed]
            known = await asyncio.to_thread(self._cursors.where_to_start, ids, guild.id, floor)
            last_seen = snowflake_time(max(known.values(), default=floor))
            done: set[int] = set()
            for channel in listed:
                if self._wanted(channel):
                    done.add(channel.id)
                    yield channel, max(known.pop(channel.id, floor), floor)
            for thread_id, cursor in known.items():  # stored threads no longer active
                thread = await self._fetch_thread(thread_id)
                if thread is not None and self._wanted(thread):
                    done.add(thread.id)
                    yield thread, cursor
            async for thread in self._archived_since(guild, last_seen, done):
                yield thread, floor

    async def _archived_since(
        self, guild: discord.Guild, since: datetime, done: set[int]
    ) -> AsyncIterator[discord.Thread]:
        """Threads archived after ``since`` (the newest message read in the guild) that
        the bot never saw: opened and archived while it was down, so in no active
        list. Public threads of every readable channel and forum; private ones where
        the bot may manage threads. One page per parent when nothing was missed."""
        parents: list[discord.TextChannel | discord.ForumChannel] = [
            *guild.text_channels,
            *guild.forums,
        ]
        for parent in parents:
            if not self._wanted(parent):
                continue
            for private in _kinds(parent):
                try:
                    async for thread in _archived(parent, private):
                        if thread.archive_timestamp < since:
                            break  # newest archived first: the rest were seen live
                        if thread.id not in done and self._wanted(thread):
                            done.add(thread.id)
                            yield thread
                except discord.HTTPException as exc:
                    log.info("catch-up: archived threads of #%s unreadable (%s)", parent.name, exc)

    def _wanted(self, channel: Readable | discord.ForumChannel) -> bool:
        parent = channel.parent_id if isinstance(channel, discord.Thread) else None
        if not self._settings.channel_allowed(channel.id, parent):
            return False
        perms = channel.permissions_for(channel.guild.me)
        return perms.read_messages and perms.read_message_history

    async def _fetch_thread(self, thread_id: int) -> discord.Thread | None:
        try:
            channel = await self._bot.fetch_channel(thread_id)
        except (discord.NotFound, discord.Forbidden):
            return None
        return channel if isinstance(channel, discord.Thread) else None

    async def _read(self, channel: Readable, after: int) -> int:
        """Store what came after ``after`` (the cursor); re-read the reconcile window
        before it for edits and deletions. Returns the new messages stored."""
        guild = guild_of(channel.guild)
        await self._pipeline.submit(ChannelSeen(guild, channel_of(channel, guild.id)))
        start = min(after, self._recheck_from())
        stored = await asyncio.to_thread(self._cursors.stored_between, channel.id, start, after)
        seen: set[int] = set()
        count = 0
        try:
            async for message in channel.history(
                limit=None, after=discord.Object(start), oldest_first=True
            ):
                seen.add(message.id)
                if self._skipped(message, after, stored):
                    continue
                value = chat_message(
                    message, source=Source.HISTORY, contiguous=True, absolute_reactions=True
                )
                if value is not None:
                    await self._pipeline.submit(value)
                    count += message.id > after
        except discord.Forbidden:
            log.info("catch-up: no access to #%s (%d); skipped", channel.name, channel.id)
            return count
        except discord.HTTPException as exc:
            log.warning(
                "catch-up of #%s stopped (%s); will retry on next connect", channel.name, exc
            )
            return count
        await self._gone(channel, set(stored) - seen)
        self._synced.add(channel.id)
        if count:
            log.info("catch-up: %d messages in #%s", count, channel.name)
        return count

    def _recheck_from(self) -> int:
        hours = self._settings.reconcile_hours
        return snowflake_at(datetime.now(UTC) - timedelta(hours=hours)) if hours else 1 << 62

    def _skipped(
        self, message: discord.Message, after: int, stored: dict[int, datetime | None]
    ) -> bool:
        """The bot's own posts, and re-read messages unchanged since they were stored."""
        if self._bot.user is not None and message.author.id == self._bot.user.id:
            return True
        if message.id > after:
            return False
        edited, known = message.edited_at, stored.get(message.id)
        return message.id in stored and (edited is None or (known is not None and edited <= known))

    async def _gone(self, channel: Readable, missing: set[int]) -> None:
        """Messages stored from the re-read span that Discord no longer has: deleted
        while the bot was down."""
        for message_id in sorted(missing):
            await self._pipeline.submit(
                MessageDeleted(id=message_id, channel_id=channel.id, guild_id=channel.guild.id)
            )
        if missing:
            log.info("catch-up: %d messages deleted while down in #%s", len(missing), channel.name)


def _kinds(parent: discord.TextChannel | discord.ForumChannel) -> tuple[bool, ...]:
    """Which archived lists to read: public always; private ones (text channels only)
    when the bot may manage threads, as Discord requires."""
    if isinstance(parent, discord.TextChannel) and parent.permissions_for(
        parent.guild.me
    ).manage_threads:
        return (False, True)
    return (False,)


def _archived(
    parent: discord.TextChannel | discord.ForumChannel, private: bool
) -> AsyncIterator[discord.Thread]:
    if isinstance(parent, discord.TextChannel):
        return parent.archived_threads(limit=None, private=private)
    return parent.archived_threads(limit=None)
